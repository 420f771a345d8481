import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Projects1796092557344 implements MigrationInterface {
  name = 'Projects1796092557344';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"project\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"workspace_id\" uuid NOT NULL, \"name\" character varying NOT NULL, \"description\" text NOT NULL DEFAULT '', \"archived_at\" TIMESTAMP WITH TIME ZONE, \"data_retention_days\" integer, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_4d68b1358bb5b766d3e78f32f57\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"project_workspace_created_idx\" ON \"project\"  (\"workspace_id\", \"created_at\", \"id\") ");
    await queryRunner.query("CREATE TABLE \"attribute_visibility_rule\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"project_id\" uuid NOT NULL, \"workspace_id\" uuid NOT NULL, \"position\" integer NOT NULL, \"pattern\" character varying NOT NULL, \"roles\" text array NOT NULL, CONSTRAINT \"PK_333fa0b97a806f169a70a6d96a8\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"attribute_visibility_rule_workspace_idx\" ON \"attribute_visibility_rule\"  (\"workspace_id\") ");
    await queryRunner.query("CREATE INDEX \"attribute_visibility_rule_project_idx\" ON \"attribute_visibility_rule\"  (\"project_id\", \"position\") ");
    await queryRunner.query("CREATE TABLE \"project_role\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"project_id\" uuid NOT NULL, \"workspace_id\" uuid NOT NULL, \"name\" character varying NOT NULL, \"permissions\" text array NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"project_role_project_name_key\" UNIQUE (\"project_id\", \"name\"), CONSTRAINT \"PK_5974798305ac81d4a7d23ab1c6a\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"project_role_workspace_idx\" ON \"project_role\"  (\"workspace_id\") ");
    await queryRunner.query("CREATE TABLE \"project_member\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"project_id\" uuid NOT NULL, \"workspace_id\" uuid NOT NULL, \"user_id\" uuid NOT NULL, \"role\" character varying NOT NULL, \"custom_role_id\" uuid, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"project_member_project_user_key\" UNIQUE (\"project_id\", \"user_id\"), CONSTRAINT \"PK_64dba8e9dcf96ce383cfd19d6fb\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"project_member_custom_role_idx\" ON \"project_member\"  (\"custom_role_id\") ");
    await queryRunner.query("CREATE INDEX \"project_member_workspace_user_idx\" ON \"project_member\"  (\"workspace_id\", \"user_id\") ");
    await queryRunner.query("ALTER TABLE \"api_key\" ADD \"project_id\" uuid");
    await queryRunner.query("ALTER TYPE \"public\".\"api_key_kind\" ADD VALUE 'PROJECT'");
    await queryRunner.query("CREATE UNIQUE INDEX \"api_key_project_live_key\" ON \"api_key\"  (\"project_id\") WHERE project_id IS NOT NULL AND revoked_at IS NULL");
    await queryRunner.query("CREATE INDEX \"audit_event_project_time_idx\" ON \"audit_event\"  (\"project_id\", \"occurred_at\", \"id\") ");
    await queryRunner.query("ALTER TABLE \"project\" ADD CONSTRAINT \"FK_5cb157e3d3ab8abd16251129dba\" FOREIGN KEY (\"workspace_id\") REFERENCES \"workspace\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"api_key\" ADD CONSTRAINT \"FK_3ed6a26ab6f0fb34b282a169ff2\" FOREIGN KEY (\"project_id\") REFERENCES \"project\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"attribute_visibility_rule\" ADD CONSTRAINT \"FK_b08999c7349899e712591819856\" FOREIGN KEY (\"project_id\") REFERENCES \"project\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"attribute_visibility_rule\" ADD CONSTRAINT \"FK_87db54b30a6c9600d10d649b558\" FOREIGN KEY (\"workspace_id\") REFERENCES \"workspace\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"project_role\" ADD CONSTRAINT \"FK_e8c1ec8033dcaf7f7542ee3050b\" FOREIGN KEY (\"project_id\") REFERENCES \"project\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"project_role\" ADD CONSTRAINT \"FK_46023342018dec5e766767d4011\" FOREIGN KEY (\"workspace_id\") REFERENCES \"workspace\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"project_member\" ADD CONSTRAINT \"FK_aaef76230abfcdf30adb15d0be8\" FOREIGN KEY (\"project_id\") REFERENCES \"project\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"project_member\" ADD CONSTRAINT \"FK_97d7daf6f5761a4be52d3e57e20\" FOREIGN KEY (\"workspace_id\") REFERENCES \"workspace\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"project_member\" ADD CONSTRAINT \"FK_98d5cdf56265af837aa938dcedd\" FOREIGN KEY (\"workspace_id\", \"user_id\") REFERENCES \"workspace_membership\"(\"workspace_id\",\"user_id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"project_member\" ADD CONSTRAINT \"FK_f70874d9b227422252655c5d28d\" FOREIGN KEY (\"custom_role_id\") REFERENCES \"project_role\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"project_member\" DROP CONSTRAINT \"FK_f70874d9b227422252655c5d28d\"");
    await queryRunner.query("ALTER TABLE \"project_member\" DROP CONSTRAINT \"FK_98d5cdf56265af837aa938dcedd\"");
    await queryRunner.query("ALTER TABLE \"project_member\" DROP CONSTRAINT \"FK_97d7daf6f5761a4be52d3e57e20\"");
    await queryRunner.query("ALTER TABLE \"project_member\" DROP CONSTRAINT \"FK_aaef76230abfcdf30adb15d0be8\"");
    await queryRunner.query("ALTER TABLE \"project_role\" DROP CONSTRAINT \"FK_46023342018dec5e766767d4011\"");
    await queryRunner.query("ALTER TABLE \"project_role\" DROP CONSTRAINT \"FK_e8c1ec8033dcaf7f7542ee3050b\"");
    await queryRunner.query("ALTER TABLE \"attribute_visibility_rule\" DROP CONSTRAINT \"FK_87db54b30a6c9600d10d649b558\"");
    await queryRunner.query("ALTER TABLE \"attribute_visibility_rule\" DROP CONSTRAINT \"FK_b08999c7349899e712591819856\"");
    await queryRunner.query("ALTER TABLE \"api_key\" DROP CONSTRAINT \"FK_3ed6a26ab6f0fb34b282a169ff2\"");
    await queryRunner.query("ALTER TABLE \"project\" DROP CONSTRAINT \"FK_5cb157e3d3ab8abd16251129dba\"");
    await queryRunner.query("DROP INDEX \"public\".\"audit_event_project_time_idx\"");
    await queryRunner.query("DROP INDEX \"public\".\"api_key_project_live_key\"");
    await queryRunner.query("CREATE TYPE \"public\".\"api_key_kind_old\" AS ENUM('PERSONAL', 'WORKSPACE', 'APP_SECRET')");
    await queryRunner.query("ALTER TABLE \"api_key\" ALTER COLUMN \"kind\" TYPE \"public\".\"api_key_kind_old\" USING \"kind\"::\"text\"::\"public\".\"api_key_kind_old\"");
    await queryRunner.query("DROP TYPE \"public\".\"api_key_kind\"");
    await queryRunner.query("ALTER TYPE \"public\".\"api_key_kind_old\" RENAME TO \"api_key_kind\"");
    await queryRunner.query("ALTER TABLE \"api_key\" DROP COLUMN \"project_id\"");
    await queryRunner.query("DROP INDEX \"public\".\"project_member_workspace_user_idx\"");
    await queryRunner.query("DROP INDEX \"public\".\"project_member_custom_role_idx\"");
    await queryRunner.query("DROP TABLE \"project_member\"");
    await queryRunner.query("DROP INDEX \"public\".\"project_role_workspace_idx\"");
    await queryRunner.query("DROP TABLE \"project_role\"");
    await queryRunner.query("DROP INDEX \"public\".\"attribute_visibility_rule_project_idx\"");
    await queryRunner.query("DROP INDEX \"public\".\"attribute_visibility_rule_workspace_idx\"");
    await queryRunner.query("DROP TABLE \"attribute_visibility_rule\"");
    await queryRunner.query("DROP INDEX \"public\".\"project_workspace_created_idx\"");
    await queryRunner.query("DROP TABLE \"project\"");
  }
}
