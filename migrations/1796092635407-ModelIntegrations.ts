import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ModelIntegrations1796092635407 implements MigrationInterface {
  name = 'ModelIntegrations1796092635407';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TYPE \"public\".\"model_provider\" AS ENUM('ANTHROPIC', 'OPENAI', 'GOOGLE', 'AZURE_OPENAI')");
    await queryRunner.query("CREATE TABLE \"model_integration\" (\"id\" uuid NOT NULL, \"workspace_id\" uuid NOT NULL, \"provider\" \"public\".\"model_provider\" NOT NULL, \"name\" character varying(100) NOT NULL, \"endpoint_url\" text, \"deployment_name\" character varying(100), \"credential\" text NOT NULL, \"credential_last4\" character varying(4) NOT NULL, \"created_by_id\" uuid, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"rotated_by_id\" uuid, \"rotated_at\" TIMESTAMP WITH TIME ZONE, \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_300c1abfd4b31b1902af0f87f15\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"model_integration_workspace_name_key\" ON \"model_integration\"  (\"workspace_id\", \"name\") ");
    await queryRunner.query("ALTER TABLE \"model_integration\" ADD CONSTRAINT \"FK_12ca24d6cecc70e637ad042f566\" FOREIGN KEY (\"workspace_id\") REFERENCES \"workspace\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"model_integration\" DROP CONSTRAINT \"FK_12ca24d6cecc70e637ad042f566\"");
    await queryRunner.query("DROP INDEX \"public\".\"model_integration_workspace_name_key\"");
    await queryRunner.query("DROP TABLE \"model_integration\"");
    await queryRunner.query("DROP TYPE \"public\".\"model_provider\"");
  }
}
