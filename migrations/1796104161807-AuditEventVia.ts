import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AuditEventVia1796104161807 implements MigrationInterface {
  name = 'AuditEventVia1796104161807';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"audit_event\" ADD \"via\" text");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"audit_event\" DROP COLUMN \"via\"");
  }
}
