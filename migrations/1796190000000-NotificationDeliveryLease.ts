import type { MigrationInterface, QueryRunner } from 'typeorm';

export class NotificationDeliveryLease1796190000000 implements MigrationInterface {
  name = 'NotificationDeliveryLease1796190000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "notification_delivery" ADD "leased_until" TIMESTAMP WITH TIME ZONE');
    await queryRunner.query('ALTER TABLE "notification_delivery" ADD "lease_token" uuid');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "notification_delivery" DROP COLUMN "lease_token"');
    await queryRunner.query('ALTER TABLE "notification_delivery" DROP COLUMN "leased_until"');
  }
}
