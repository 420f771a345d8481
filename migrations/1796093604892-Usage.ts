import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Usage1796093604892 implements MigrationInterface {
  name = 'Usage1796093604892';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"usage_rollup\" (\"workspace_id\" uuid NOT NULL, \"metric\" character varying(64) NOT NULL, \"hour\" TIMESTAMP WITH TIME ZONE NOT NULL, \"quantity\" bigint NOT NULL, CONSTRAINT \"PK_292ca78d0e2fdb8ea7b57942aba\" PRIMARY KEY (\"workspace_id\", \"metric\", \"hour\"))");
    await queryRunner.query("CREATE TABLE \"usage_report\" (\"workspace_id\" uuid NOT NULL, \"idempotency_key\" character varying(200) NOT NULL, \"metric\" character varying(64) NOT NULL, \"quantity\" bigint NOT NULL, \"occurred_at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_e3fa870e63b8ff424ba5c56e7bb\" PRIMARY KEY (\"workspace_id\", \"idempotency_key\"))");
    await queryRunner.query("CREATE TABLE \"usage_active_member\" (\"workspace_id\" uuid NOT NULL, \"month\" date NOT NULL, \"user_id\" uuid NOT NULL, CONSTRAINT \"PK_81db49d483236495c14a4b8e8cd\" PRIMARY KEY (\"workspace_id\", \"month\", \"user_id\"))");
    await queryRunner.query("ALTER TABLE \"usage_rollup\" ADD CONSTRAINT \"FK_cbc6b690dc78ba4b9639c4fbf6f\" FOREIGN KEY (\"workspace_id\") REFERENCES \"workspace\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"usage_report\" ADD CONSTRAINT \"FK_4abaed15001f2df8e37d1d77121\" FOREIGN KEY (\"workspace_id\") REFERENCES \"workspace\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"usage_active_member\" ADD CONSTRAINT \"FK_108a3f22525ad7b81f772ab708d\" FOREIGN KEY (\"workspace_id\") REFERENCES \"workspace\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"usage_active_member\" DROP CONSTRAINT \"FK_108a3f22525ad7b81f772ab708d\"");
    await queryRunner.query("ALTER TABLE \"usage_report\" DROP CONSTRAINT \"FK_4abaed15001f2df8e37d1d77121\"");
    await queryRunner.query("ALTER TABLE \"usage_rollup\" DROP CONSTRAINT \"FK_cbc6b690dc78ba4b9639c4fbf6f\"");
    await queryRunner.query("DROP TABLE \"usage_active_member\"");
    await queryRunner.query("DROP TABLE \"usage_report\"");
    await queryRunner.query("DROP TABLE \"usage_rollup\"");
  }
}
