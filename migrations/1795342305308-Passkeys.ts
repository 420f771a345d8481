import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Passkeys1795342305308 implements MigrationInterface {
  name = 'Passkeys1795342305308';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TYPE \"public\".\"passkey_device_type\" AS ENUM('SINGLE_DEVICE', 'MULTI_DEVICE')");
    await queryRunner.query("CREATE TABLE \"passkey\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"user_id\" uuid NOT NULL, \"credential_id\" text NOT NULL, \"public_key\" bytea NOT NULL, \"sign_count\" bigint NOT NULL, \"transports\" text array NOT NULL, \"device_type\" \"public\".\"passkey_device_type\" NOT NULL, \"backed_up\" boolean NOT NULL, \"name\" character varying(64) NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"last_used_at\" TIMESTAMP WITH TIME ZONE, CONSTRAINT \"PK_783e2060d8025abd6a6ca45d2c7\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"passkey_credential_id_key\" ON \"passkey\"  (\"credential_id\") ");
    await queryRunner.query("CREATE INDEX \"passkey_user_id_idx\" ON \"passkey\"  (\"user_id\") ");
    await queryRunner.query("ALTER TABLE \"passkey\" ADD CONSTRAINT \"FK_2cdd8c9fe25bcdab1c4ea3057be\" FOREIGN KEY (\"user_id\") REFERENCES \"user\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"passkey\" DROP CONSTRAINT \"FK_2cdd8c9fe25bcdab1c4ea3057be\"");
    await queryRunner.query("DROP INDEX \"public\".\"passkey_user_id_idx\"");
    await queryRunner.query("DROP INDEX \"public\".\"passkey_credential_id_key\"");
    await queryRunner.query("DROP TABLE \"passkey\"");
    await queryRunner.query("DROP TYPE \"public\".\"passkey_device_type\"");
  }
}
