import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ApiKeys1795343202668 implements MigrationInterface {
  name = 'ApiKeys1795343202668';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TYPE \"public\".\"api_key_kind\" AS ENUM('PERSONAL', 'WORKSPACE', 'APP_SECRET')");
    await queryRunner.query("CREATE TABLE \"api_key\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"kind\" \"public\".\"api_key_kind\" NOT NULL, \"key_hash\" character(64) NOT NULL, \"prefix\" character varying NOT NULL, \"start\" character varying NOT NULL, \"name\" character varying NOT NULL, \"user_id\" uuid, \"workspace_id\" uuid, \"created_by_id\" uuid, \"scopes\" text array NOT NULL DEFAULT '{}', \"active\" boolean NOT NULL DEFAULT true, \"expires_at\" TIMESTAMP WITH TIME ZONE, \"revoked_at\" TIMESTAMP WITH TIME ZONE, \"last_used_at\" TIMESTAMP WITH TIME ZONE, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT \"PK_b1bd840641b8acbaad89c3d8d11\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"api_key_key_hash_key\" ON \"api_key\"  (\"key_hash\") ");
    await queryRunner.query("CREATE INDEX \"api_key_user_idx\" ON \"api_key\"  (\"user_id\") ");
    await queryRunner.query("CREATE INDEX \"api_key_workspace_idx\" ON \"api_key\"  (\"workspace_id\") ");
    await queryRunner.query("CREATE TABLE \"app_credential\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"user_id\" uuid NOT NULL, \"app_id\" character varying NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"rotated_at\" TIMESTAMP WITH TIME ZONE, CONSTRAINT \"PK_62eb102bb75a05d2951796a3b46\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"app_credential_user_id_key\" ON \"app_credential\"  (\"user_id\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"app_credential_app_id_key\" ON \"app_credential\"  (\"app_id\") ");
    await queryRunner.query("ALTER TABLE \"api_key\" ADD CONSTRAINT \"FK_6a0830f03e537b239a53269b27d\" FOREIGN KEY (\"user_id\") REFERENCES \"user\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"api_key\" ADD CONSTRAINT \"FK_ecc615827295b4cd316f6088aea\" FOREIGN KEY (\"workspace_id\") REFERENCES \"workspace\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"api_key\" ADD CONSTRAINT \"FK_1799b360b8b068fa98feb7bef75\" FOREIGN KEY (\"created_by_id\") REFERENCES \"user\"(\"id\") ON DELETE SET NULL ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"app_credential\" ADD CONSTRAINT \"FK_7902bfb54df5024a76d3809f8e8\" FOREIGN KEY (\"user_id\") REFERENCES \"user\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"app_credential\" DROP CONSTRAINT \"FK_7902bfb54df5024a76d3809f8e8\"");
    await queryRunner.query("ALTER TABLE \"api_key\" DROP CONSTRAINT \"FK_1799b360b8b068fa98feb7bef75\"");
    await queryRunner.query("ALTER TABLE \"api_key\" DROP CONSTRAINT \"FK_ecc615827295b4cd316f6088aea\"");
    await queryRunner.query("ALTER TABLE \"api_key\" DROP CONSTRAINT \"FK_6a0830f03e537b239a53269b27d\"");
    await queryRunner.query("DROP INDEX \"public\".\"app_credential_app_id_key\"");
    await queryRunner.query("DROP INDEX \"public\".\"app_credential_user_id_key\"");
    await queryRunner.query("DROP TABLE \"app_credential\"");
    await queryRunner.query("DROP INDEX \"public\".\"api_key_workspace_idx\"");
    await queryRunner.query("DROP INDEX \"public\".\"api_key_user_idx\"");
    await queryRunner.query("DROP INDEX \"public\".\"api_key_key_hash_key\"");
    await queryRunner.query("DROP TABLE \"api_key\"");
    await queryRunner.query("DROP TYPE \"public\".\"api_key_kind\"");
  }
}
