import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AuditDigest1795343269812 implements MigrationInterface {
  name = 'AuditDigest1795343269812';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TYPE \"public\".\"audit_digest_period_status\" AS ENUM('SENDING', 'SENT')");
    await queryRunner.query("CREATE TABLE \"audit_digest_period\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"workspace_id\" uuid NOT NULL, \"period_start\" TIMESTAMP WITH TIME ZONE NOT NULL, \"period_end\" TIMESTAMP WITH TIME ZONE NOT NULL, \"status\" \"public\".\"audit_digest_period_status\" NOT NULL, \"attempts\" integer NOT NULL, \"claimed_at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"covered_from\" TIMESTAMP WITH TIME ZONE, \"sent_at\" TIMESTAMP WITH TIME ZONE, \"message_id\" text, CONSTRAINT \"audit_digest_period_slot_key\" UNIQUE (\"workspace_id\", \"period_end\"), CONSTRAINT \"PK_818db7b974cad961b73194c552d\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE TYPE \"public\".\"audit_digest_frequency\" AS ENUM('DAILY', 'WEEKLY', 'MONTHLY')");
    await queryRunner.query("CREATE TABLE \"audit_digest\" (\"workspace_id\" uuid NOT NULL, \"enabled\" boolean NOT NULL DEFAULT false, \"frequency\" \"public\".\"audit_digest_frequency\" NOT NULL, \"day_of_week\" smallint, \"day_of_month\" smallint, \"hour_utc\" smallint NOT NULL, \"include_risk_levels\" \"public\".\"audit_risk_level\" array NOT NULL, \"recipients\" text array NOT NULL, \"last_sent_at\" TIMESTAMP WITH TIME ZONE, \"next_due_at\" TIMESTAMP WITH TIME ZONE, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_1e37b509af6a4af9c58ffac1cac\" PRIMARY KEY (\"workspace_id\"))");
    await queryRunner.query("CREATE INDEX \"audit_digest_due_idx\" ON \"audit_digest\"  (\"next_due_at\") WHERE enabled");
    await queryRunner.query("ALTER TABLE \"audit_digest_period\" ADD CONSTRAINT \"FK_fbf4d4563de357c426a85bc736e\" FOREIGN KEY (\"workspace_id\") REFERENCES \"workspace\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"audit_digest\" ADD CONSTRAINT \"FK_1e37b509af6a4af9c58ffac1cac\" FOREIGN KEY (\"workspace_id\") REFERENCES \"workspace\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"audit_digest\" DROP CONSTRAINT \"FK_1e37b509af6a4af9c58ffac1cac\"");
    await queryRunner.query("ALTER TABLE \"audit_digest_period\" DROP CONSTRAINT \"FK_fbf4d4563de357c426a85bc736e\"");
    await queryRunner.query("DROP INDEX \"public\".\"audit_digest_due_idx\"");
    await queryRunner.query("DROP TABLE \"audit_digest\"");
    await queryRunner.query("DROP TYPE \"public\".\"audit_digest_frequency\"");
    await queryRunner.query("DROP TABLE \"audit_digest_period\"");
    await queryRunner.query("DROP TYPE \"public\".\"audit_digest_period_status\"");
  }
}
