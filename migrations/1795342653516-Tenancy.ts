import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Tenancy1795342653516 implements MigrationInterface {
  name = 'Tenancy1795342653516';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TYPE \"public\".\"audit_actor_type\" AS ENUM('USER', 'API_KEY', 'SYSTEM')");
    await queryRunner.query("CREATE TYPE \"public\".\"audit_risk_level\" AS ENUM('LOW', 'MEDIUM', 'HIGH', 'CRITICAL')");
    await queryRunner.query("CREATE TABLE \"audit_event\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"occurred_at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"organization_id\" uuid, \"workspace_id\" uuid, \"project_id\" uuid, \"actor_type\" \"public\".\"audit_actor_type\" NOT NULL, \"actor_id\" text, \"action\" character varying NOT NULL, \"risk_level\" \"public\".\"audit_risk_level\" NOT NULL, \"target_type\" character varying NOT NULL, \"target_id\" text, \"metadata\" jsonb NOT NULL DEFAULT '{}', \"ip\" text, \"user_agent\" text, CONSTRAINT \"PK_481efbe8b0a403efe3f47a6528f\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"audit_event_workspace_actor_idx\" ON \"audit_event\"  (\"workspace_id\", \"actor_id\") ");
    await queryRunner.query("CREATE INDEX \"audit_event_organization_time_idx\" ON \"audit_event\"  (\"organization_id\", \"occurred_at\", \"id\") ");
    await queryRunner.query("CREATE INDEX \"audit_event_workspace_time_idx\" ON \"audit_event\"  (\"workspace_id\", \"occurred_at\", \"id\") ");
    await queryRunner.query("CREATE TABLE \"audit_actor_display\" (\"event_id\" uuid NOT NULL, \"name\" character varying NOT NULL, \"email\" text, CONSTRAINT \"PK_77f4bfa34a86c8123217855d743\" PRIMARY KEY (\"event_id\"))");
    await queryRunner.query("CREATE TABLE \"organization\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"name\" character varying NOT NULL, \"description\" text NOT NULL DEFAULT '', \"plan\" character varying NOT NULL DEFAULT 'FREE', \"billing_customer_id\" text, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_472c1f99a32def1b0abb219cd67\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE TYPE \"public\".\"org_role\" AS ENUM('OWNER', 'MEMBER')");
    await queryRunner.query("CREATE TABLE \"org_membership\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"organization_id\" uuid NOT NULL, \"user_id\" uuid NOT NULL, \"role\" \"public\".\"org_role\" NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"org_membership_org_user_key\" UNIQUE (\"organization_id\", \"user_id\"), CONSTRAINT \"PK_9f7a7b112ebbf875def4febbd16\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"org_membership_user_idx\" ON \"org_membership\"  (\"user_id\") ");
    await queryRunner.query("CREATE TABLE \"workspace\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"organization_id\" uuid NOT NULL, \"slug\" character varying NOT NULL, \"region\" character varying NOT NULL, \"name\" character varying NOT NULL, \"description\" text NOT NULL DEFAULT '', \"data_retention_days\" integer NOT NULL, \"seat_limit\" integer NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_ca86b6f9b3be5fe26d307d09b49\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"workspace_slug_key\" ON \"workspace\"  (\"slug\") ");
    await queryRunner.query("CREATE INDEX \"workspace_organization_idx\" ON \"workspace\"  (\"organization_id\") ");
    await queryRunner.query("CREATE TYPE \"public\".\"workspace_role\" AS ENUM('ADMIN', 'EDITOR', 'VIEWER')");
    await queryRunner.query("CREATE TABLE \"workspace_membership\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"workspace_id\" uuid NOT NULL, \"user_id\" uuid NOT NULL, \"role\" \"public\".\"workspace_role\" NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"workspace_membership_workspace_user_key\" UNIQUE (\"workspace_id\", \"user_id\"), CONSTRAINT \"PK_6641ba762220c1f1a86c9379e80\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"workspace_membership_user_idx\" ON \"workspace_membership\"  (\"user_id\") ");
    await queryRunner.query("ALTER TABLE \"audit_actor_display\" ADD CONSTRAINT \"FK_77f4bfa34a86c8123217855d743\" FOREIGN KEY (\"event_id\") REFERENCES \"audit_event\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"org_membership\" ADD CONSTRAINT \"FK_7f17a934e05ac5c401a22689eac\" FOREIGN KEY (\"organization_id\") REFERENCES \"organization\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"org_membership\" ADD CONSTRAINT \"FK_2eb92439681a605252b0e8e16a2\" FOREIGN KEY (\"user_id\") REFERENCES \"user\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"workspace\" ADD CONSTRAINT \"FK_616e42551565ebdbb253948ebbd\" FOREIGN KEY (\"organization_id\") REFERENCES \"organization\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"workspace_membership\" ADD CONSTRAINT \"FK_9d2d5f980ec7664db23dac8c123\" FOREIGN KEY (\"workspace_id\") REFERENCES \"workspace\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"workspace_membership\" ADD CONSTRAINT \"FK_89bfaa31995e9c7c154f0075a3f\" FOREIGN KEY (\"user_id\") REFERENCES \"user\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"workspace_membership\" DROP CONSTRAINT \"FK_89bfaa31995e9c7c154f0075a3f\"");
    await queryRunner.query("ALTER TABLE \"workspace_membership\" DROP CONSTRAINT \"FK_9d2d5f980ec7664db23dac8c123\"");
    await queryRunner.query("ALTER TABLE \"workspace\" DROP CONSTRAINT \"FK_616e42551565ebdbb253948ebbd\"");
    await queryRunner.query("ALTER TABLE \"org_membership\" DROP CONSTRAINT \"FK_2eb92439681a605252b0e8e16a2\"");
    await queryRunner.query("ALTER TABLE \"org_membership\" DROP CONSTRAINT \"FK_7f17a934e05ac5c401a22689eac\"");
    await queryRunner.query("ALTER TABLE \"audit_actor_display\" DROP CONSTRAINT \"FK_77f4bfa34a86c8123217855d743\"");
    await queryRunner.query("DROP INDEX \"public\".\"workspace_membership_user_idx\"");
    await queryRunner.query("DROP TABLE \"workspace_membership\"");
    await queryRunner.query("DROP TYPE \"public\".\"workspace_role\"");
    await queryRunner.query("DROP INDEX \"public\".\"workspace_organization_idx\"");
    await queryRunner.query("DROP INDEX \"public\".\"workspace_slug_key\"");
    await queryRunner.query("DROP TABLE \"workspace\"");
    await queryRunner.query("DROP INDEX \"public\".\"org_membership_user_idx\"");
    await queryRunner.query("DROP TABLE \"org_membership\"");
    await queryRunner.query("DROP TYPE \"public\".\"org_role\"");
    await queryRunner.query("DROP TABLE \"organization\"");
    await queryRunner.query("DROP TABLE \"audit_actor_display\"");
    await queryRunner.query("DROP INDEX \"public\".\"audit_event_workspace_time_idx\"");
    await queryRunner.query("DROP INDEX \"public\".\"audit_event_organization_time_idx\"");
    await queryRunner.query("DROP INDEX \"public\".\"audit_event_workspace_actor_idx\"");
    await queryRunner.query("DROP TABLE \"audit_event\"");
    await queryRunner.query("DROP TYPE \"public\".\"audit_risk_level\"");
    await queryRunner.query("DROP TYPE \"public\".\"audit_actor_type\"");
  }
}
