import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Environments1796092225200 implements MigrationInterface {
  name = 'Environments1796092225200';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"environment\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"workspace_id\" uuid NOT NULL, \"name\" character varying(32) NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_f0ec97d0ac5e0e2f50f7475699f\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"environment_workspace_name_key\" ON \"environment\"  (\"workspace_id\", \"name\") ");
    await queryRunner.query("ALTER TABLE \"environment\" ADD CONSTRAINT \"FK_0acde356a5740e99296eb524abe\" FOREIGN KEY (\"workspace_id\") REFERENCES \"workspace\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    // Every workspace has production from its creation on; those created before this migration get it now.
    await queryRunner.query("INSERT INTO \"environment\" (\"workspace_id\", \"name\") SELECT \"id\", 'production' FROM \"workspace\"");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"environment\" DROP CONSTRAINT \"FK_0acde356a5740e99296eb524abe\"");
    await queryRunner.query("DROP INDEX \"public\".\"environment_workspace_name_key\"");
    await queryRunner.query("DROP TABLE \"environment\"");
  }
}
