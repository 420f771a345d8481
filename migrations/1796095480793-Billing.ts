import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Billing1796095480793 implements MigrationInterface {
  name = 'Billing1796095480793';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"organization_billing\" (\"organization_id\" uuid NOT NULL, \"plan\" character varying(32) NOT NULL DEFAULT 'FREE', \"stripe_customer_id\" character varying(255), \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_b584fda2786ba98b6cf6e1d2199\" PRIMARY KEY (\"organization_id\"))");
    await queryRunner.query("ALTER TABLE \"organization_billing\" ADD CONSTRAINT \"FK_b584fda2786ba98b6cf6e1d2199\" FOREIGN KEY (\"organization_id\") REFERENCES \"organization\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"organization_billing\" DROP CONSTRAINT \"FK_b584fda2786ba98b6cf6e1d2199\"");
    await queryRunner.query("DROP TABLE \"organization_billing\"");
  }
}
