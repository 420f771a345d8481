import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Invitations1795343176793 implements MigrationInterface {
  name = 'Invitations1795343176793';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TYPE \"public\".\"invitation_role\" AS ENUM('OWNER', 'MEMBER', 'ADMIN', 'EDITOR', 'VIEWER')");
    await queryRunner.query("CREATE TYPE \"public\".\"invitation_status\" AS ENUM('PENDING', 'ACCEPTED', 'REVOKED', 'EXPIRED')");
    await queryRunner.query("CREATE TABLE \"invitation\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"organization_id\" uuid NOT NULL, \"workspace_id\" uuid, \"email\" character varying NOT NULL, \"email_normalized\" character varying NOT NULL, \"role\" \"public\".\"invitation_role\" NOT NULL, \"status\" \"public\".\"invitation_status\" NOT NULL DEFAULT 'PENDING', \"token_hash\" character(64) NOT NULL, \"expires_at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"sent_at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"invited_by_id\" uuid, \"accepted_at\" TIMESTAMP WITH TIME ZONE, \"revoked_at\" TIMESTAMP WITH TIME ZONE, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT \"PK_beb994737756c0f18a1c1f8669c\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"invitation_token_hash_key\" ON \"invitation\"  (\"token_hash\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"invitation_pending_organization_email_key\" ON \"invitation\"  (\"organization_id\", \"email_normalized\") WHERE status = 'PENDING' AND workspace_id IS NULL");
    await queryRunner.query("CREATE UNIQUE INDEX \"invitation_pending_workspace_email_key\" ON \"invitation\"  (\"workspace_id\", \"email_normalized\") WHERE status = 'PENDING' AND workspace_id IS NOT NULL");
    await queryRunner.query("CREATE INDEX \"invitation_organization_created_idx\" ON \"invitation\"  (\"organization_id\", \"created_at\", \"id\") ");
    await queryRunner.query("CREATE INDEX \"invitation_workspace_created_idx\" ON \"invitation\"  (\"workspace_id\", \"created_at\", \"id\") ");
    await queryRunner.query("ALTER TABLE \"invitation\" ADD CONSTRAINT \"FK_de7c148c7834d738ac7113f3dd8\" FOREIGN KEY (\"organization_id\") REFERENCES \"organization\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"invitation\" ADD CONSTRAINT \"FK_2fd4dd7b20dfbda65736f415269\" FOREIGN KEY (\"workspace_id\") REFERENCES \"workspace\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"invitation\" ADD CONSTRAINT \"FK_9fcebfddfa4369ac0e3c26dc8a3\" FOREIGN KEY (\"invited_by_id\") REFERENCES \"user\"(\"id\") ON DELETE SET NULL ON UPDATE NO ACTION");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"invitation\" DROP CONSTRAINT \"FK_9fcebfddfa4369ac0e3c26dc8a3\"");
    await queryRunner.query("ALTER TABLE \"invitation\" DROP CONSTRAINT \"FK_2fd4dd7b20dfbda65736f415269\"");
    await queryRunner.query("ALTER TABLE \"invitation\" DROP CONSTRAINT \"FK_de7c148c7834d738ac7113f3dd8\"");
    await queryRunner.query("DROP INDEX \"public\".\"invitation_workspace_created_idx\"");
    await queryRunner.query("DROP INDEX \"public\".\"invitation_organization_created_idx\"");
    await queryRunner.query("DROP INDEX \"public\".\"invitation_pending_workspace_email_key\"");
    await queryRunner.query("DROP INDEX \"public\".\"invitation_pending_organization_email_key\"");
    await queryRunner.query("DROP INDEX \"public\".\"invitation_token_hash_key\"");
    await queryRunner.query("DROP TABLE \"invitation\"");
    await queryRunner.query("DROP TYPE \"public\".\"invitation_status\"");
    await queryRunner.query("DROP TYPE \"public\".\"invitation_role\"");
  }
}
