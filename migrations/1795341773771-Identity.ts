import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Identity1795341773771 implements MigrationInterface {
  name = 'Identity1795341773771';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"outbox_message\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"queue\" character varying NOT NULL, \"job_name\" character varying NOT NULL, \"job_id\" character varying NOT NULL, \"payload\" jsonb NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_2f36ee5236f2793f3e7bd554589\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"outbox_message_pending_idx\" ON \"outbox_message\"  (\"created_at\") ");
    await queryRunner.query("CREATE TABLE \"user\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"email\" character varying NOT NULL, \"email_normalized\" character varying NOT NULL, \"name\" character varying NOT NULL, \"password_hash\" text, \"email_verified_at\" TIMESTAMP WITH TIME ZONE, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_cace4a159ff9f2512dd42373760\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"user_email_normalized_key\" ON \"user\"  (\"email_normalized\") ");
    await queryRunner.query("CREATE TABLE \"password_reset_token\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"user_id\" uuid NOT NULL, \"token_hash\" character(64) NOT NULL, \"expires_at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"used_at\" TIMESTAMP WITH TIME ZONE, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_838af121380dfe3a6330e04f5bb\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"password_reset_token_hash_key\" ON \"password_reset_token\"  (\"token_hash\") ");
    await queryRunner.query("CREATE INDEX \"password_reset_token_user_id_idx\" ON \"password_reset_token\"  (\"user_id\") ");
    await queryRunner.query("CREATE TYPE \"public\".\"sign_in_method\" AS ENUM('PASSWORD', 'PASSKEY')");
    await queryRunner.query("CREATE TABLE \"session\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"user_id\" uuid NOT NULL, \"token_hash\" character(64) NOT NULL, \"method\" \"public\".\"sign_in_method\" NOT NULL, \"user_agent\" text NOT NULL, \"ip\" text NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"last_seen_at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"expires_at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"revoked_at\" TIMESTAMP WITH TIME ZONE, CONSTRAINT \"PK_f55da76ac1c3ac420f444d2ff11\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"session_token_hash_key\" ON \"session\"  (\"token_hash\") ");
    await queryRunner.query("CREATE INDEX \"session_user_id_idx\" ON \"session\"  (\"user_id\") ");
    await queryRunner.query("ALTER TABLE \"password_reset_token\" ADD CONSTRAINT \"FK_7eabb22ed38459ffc24dc8b415d\" FOREIGN KEY (\"user_id\") REFERENCES \"user\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"session\" ADD CONSTRAINT \"FK_30e98e8746699fb9af235410aff\" FOREIGN KEY (\"user_id\") REFERENCES \"user\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"session\" DROP CONSTRAINT \"FK_30e98e8746699fb9af235410aff\"");
    await queryRunner.query("ALTER TABLE \"password_reset_token\" DROP CONSTRAINT \"FK_7eabb22ed38459ffc24dc8b415d\"");
    await queryRunner.query("DROP INDEX \"public\".\"session_user_id_idx\"");
    await queryRunner.query("DROP INDEX \"public\".\"session_token_hash_key\"");
    await queryRunner.query("DROP TABLE \"session\"");
    await queryRunner.query("DROP TYPE \"public\".\"sign_in_method\"");
    await queryRunner.query("DROP INDEX \"public\".\"password_reset_token_user_id_idx\"");
    await queryRunner.query("DROP INDEX \"public\".\"password_reset_token_hash_key\"");
    await queryRunner.query("DROP TABLE \"password_reset_token\"");
    await queryRunner.query("DROP INDEX \"public\".\"user_email_normalized_key\"");
    await queryRunner.query("DROP TABLE \"user\"");
    await queryRunner.query("DROP INDEX \"public\".\"outbox_message_pending_idx\"");
    await queryRunner.query("DROP TABLE \"outbox_message\"");
  }
}
