import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SessionAuthenticatedAt1796093384810 implements MigrationInterface {
  name = 'SessionAuthenticatedAt1796093384810';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"session\" ADD \"authenticated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()");
    // A session that existed before authenticated when it was created, not when this migration ran.
    await queryRunner.query("UPDATE \"session\" SET \"authenticated_at\" = \"created_at\"");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"session\" DROP COLUMN \"authenticated_at\"");
  }
}
