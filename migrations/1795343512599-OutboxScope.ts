import type { MigrationInterface, QueryRunner } from 'typeorm';

export class OutboxScope1795343512599 implements MigrationInterface {
  name = 'OutboxScope1795343512599';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"outbox_message\" ADD \"scope\" text DEFAULT current_setting('gatehouse.outbox_scope', true)");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"outbox_message\" DROP COLUMN \"scope\"");
  }
}
