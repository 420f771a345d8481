import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Notifications1796094583955 implements MigrationInterface {
  name = 'Notifications1796094583955';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TYPE \"public\".\"notification_event_type\" AS ENUM('run_failed', 'approval_requested', 'workflow_deployed', 'mcp_server_degraded', 'secret_rotated')");
    await queryRunner.query("CREATE TABLE \"notification_event\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"workspace_id\" uuid NOT NULL, \"type\" \"public\".\"notification_event_type\" NOT NULL, \"title\" character varying NOT NULL, \"body\" character varying NOT NULL, \"url\" text, \"occurred_at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"idempotency_key\" text, \"fingerprint\" character varying NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_122be1f0696e0255acf95f9e336\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"notification_event_workspace_idx\" ON \"notification_event\"  (\"workspace_id\", \"created_at\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"notification_event_idempotency_key\" ON \"notification_event\"  (\"workspace_id\", \"idempotency_key\") WHERE idempotency_key IS NOT NULL");
    await queryRunner.query("CREATE TYPE \"public\".\"notification_channel\" AS ENUM('EMAIL', 'SLACK', 'WEBHOOK', 'PUSH')");
    await queryRunner.query("CREATE TYPE \"public\".\"notification_delivery_status\" AS ENUM('PENDING', 'DELIVERED', 'FAILED', 'SKIPPED')");
    await queryRunner.query("CREATE TABLE \"notification_delivery\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"workspace_id\" uuid NOT NULL, \"event_id\" uuid NOT NULL, \"event_type\" \"public\".\"notification_event_type\" NOT NULL, \"channel\" \"public\".\"notification_channel\" NOT NULL, \"target_id\" uuid NOT NULL, \"target_label\" character varying NOT NULL, \"status\" \"public\".\"notification_delivery_status\" NOT NULL, \"reason\" text, \"attempts\" integer NOT NULL DEFAULT '0', \"last_response_code\" integer, \"last_duration_ms\" integer, \"next_attempt_at\" TIMESTAMP WITH TIME ZONE, \"delivered_at\" TIMESTAMP WITH TIME ZONE, \"redeliveries\" integer NOT NULL DEFAULT '0', \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"notification_delivery_target_key\" UNIQUE (\"event_id\", \"channel\", \"target_id\"), CONSTRAINT \"PK_109dea88c25343da49d86de6bfd\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"notification_delivery_target_idx\" ON \"notification_delivery\"  (\"target_id\", \"status\", \"created_at\") ");
    await queryRunner.query("CREATE INDEX \"notification_delivery_workspace_idx\" ON \"notification_delivery\"  (\"workspace_id\", \"created_at\", \"id\") ");
    await queryRunner.query("CREATE TABLE \"notification_settings\" (\"workspace_id\" uuid NOT NULL, \"channels\" jsonb NOT NULL, \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_ef265905c0278c904ee72b1d261\" PRIMARY KEY (\"workspace_id\"))");
    await queryRunner.query("CREATE TYPE \"public\".\"slack_connection_kind\" AS ENUM('INCOMING_WEBHOOK', 'BOT_TOKEN')");
    await queryRunner.query("CREATE TYPE \"public\".\"slack_connection_status\" AS ENUM('ACTIVE', 'ERROR')");
    await queryRunner.query("CREATE TABLE \"slack_connection\" (\"workspace_id\" uuid NOT NULL, \"kind\" \"public\".\"slack_connection_kind\" NOT NULL, \"secret_sealed\" character varying NOT NULL, \"channel\" text, \"status\" \"public\".\"slack_connection_status\" NOT NULL, \"status_reason\" text, \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_4b8c00a8a94921a4f1a7075bfaf\" PRIMARY KEY (\"workspace_id\"))");
    await queryRunner.query("CREATE TABLE \"push_subscription\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"user_id\" uuid NOT NULL, \"endpoint\" character varying NOT NULL, \"p256dh\" character varying NOT NULL, \"auth\" character varying NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_07fc861c0d2c38c1b830fb9cb5d\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"push_subscription_endpoint_key\" ON \"push_subscription\"  (\"endpoint\") ");
    await queryRunner.query("CREATE INDEX \"push_subscription_user_idx\" ON \"push_subscription\"  (\"user_id\") ");
    await queryRunner.query("CREATE TYPE \"public\".\"webhook_disabled_by\" AS ENUM('ADMIN', 'GONE', 'FAILING')");
    await queryRunner.query("CREATE TABLE \"webhook_endpoint\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"workspace_id\" uuid NOT NULL, \"url\" character varying NOT NULL, \"event_types\" \"public\".\"notification_event_type\" array NOT NULL, \"description\" character varying NOT NULL DEFAULT '', \"secret_sealed\" character varying NOT NULL, \"previous_secret_sealed\" text, \"previous_secret_expires_at\" TIMESTAMP WITH TIME ZONE, \"disabled_at\" TIMESTAMP WITH TIME ZONE, \"disabled_by\" \"public\".\"webhook_disabled_by\", \"failing_since\" TIMESTAMP WITH TIME ZONE, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_6c98112122b2b8a4f3984d2efa8\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"webhook_endpoint_failing_idx\" ON \"webhook_endpoint\"  (\"disabled_at\") WHERE disabled_by = 'FAILING'");
    await queryRunner.query("CREATE INDEX \"webhook_endpoint_workspace_idx\" ON \"webhook_endpoint\"  (\"workspace_id\", \"created_at\") ");
    await queryRunner.query("CREATE TABLE \"notification_preference\" (\"user_id\" uuid NOT NULL, \"email_updates\" boolean NOT NULL DEFAULT true, \"push_alerts\" boolean NOT NULL DEFAULT false, \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_ff040d2d2e35c49b00525783829\" PRIMARY KEY (\"user_id\"))");
    await queryRunner.query("ALTER TABLE \"notification_event\" ADD CONSTRAINT \"FK_4fd1a5cd7287d18ecb40e58f449\" FOREIGN KEY (\"workspace_id\") REFERENCES \"workspace\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"notification_delivery\" ADD CONSTRAINT \"FK_4f2dcebac63f0c8fe3069a715c0\" FOREIGN KEY (\"workspace_id\") REFERENCES \"workspace\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"notification_delivery\" ADD CONSTRAINT \"FK_0297624b8e344348f853e36d628\" FOREIGN KEY (\"event_id\") REFERENCES \"notification_event\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"notification_settings\" ADD CONSTRAINT \"FK_ef265905c0278c904ee72b1d261\" FOREIGN KEY (\"workspace_id\") REFERENCES \"workspace\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"slack_connection\" ADD CONSTRAINT \"FK_4b8c00a8a94921a4f1a7075bfaf\" FOREIGN KEY (\"workspace_id\") REFERENCES \"workspace\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"push_subscription\" ADD CONSTRAINT \"FK_ae9b58d71ea5fff546507fae207\" FOREIGN KEY (\"user_id\") REFERENCES \"user\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"webhook_endpoint\" ADD CONSTRAINT \"FK_fa1b5f2b928306cae9ca28ef0b0\" FOREIGN KEY (\"workspace_id\") REFERENCES \"workspace\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"notification_preference\" ADD CONSTRAINT \"FK_ff040d2d2e35c49b00525783829\" FOREIGN KEY (\"user_id\") REFERENCES \"user\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"notification_preference\" DROP CONSTRAINT \"FK_ff040d2d2e35c49b00525783829\"");
    await queryRunner.query("ALTER TABLE \"webhook_endpoint\" DROP CONSTRAINT \"FK_fa1b5f2b928306cae9ca28ef0b0\"");
    await queryRunner.query("ALTER TABLE \"push_subscription\" DROP CONSTRAINT \"FK_ae9b58d71ea5fff546507fae207\"");
    await queryRunner.query("ALTER TABLE \"slack_connection\" DROP CONSTRAINT \"FK_4b8c00a8a94921a4f1a7075bfaf\"");
    await queryRunner.query("ALTER TABLE \"notification_settings\" DROP CONSTRAINT \"FK_ef265905c0278c904ee72b1d261\"");
    await queryRunner.query("ALTER TABLE \"notification_delivery\" DROP CONSTRAINT \"FK_0297624b8e344348f853e36d628\"");
    await queryRunner.query("ALTER TABLE \"notification_delivery\" DROP CONSTRAINT \"FK_4f2dcebac63f0c8fe3069a715c0\"");
    await queryRunner.query("ALTER TABLE \"notification_event\" DROP CONSTRAINT \"FK_4fd1a5cd7287d18ecb40e58f449\"");
    await queryRunner.query("DROP TABLE \"notification_preference\"");
    await queryRunner.query("DROP INDEX \"public\".\"webhook_endpoint_workspace_idx\"");
    await queryRunner.query("DROP INDEX \"public\".\"webhook_endpoint_failing_idx\"");
    await queryRunner.query("DROP TABLE \"webhook_endpoint\"");
    await queryRunner.query("DROP TYPE \"public\".\"webhook_disabled_by\"");
    await queryRunner.query("DROP INDEX \"public\".\"push_subscription_user_idx\"");
    await queryRunner.query("DROP INDEX \"public\".\"push_subscription_endpoint_key\"");
    await queryRunner.query("DROP TABLE \"push_subscription\"");
    await queryRunner.query("DROP TABLE \"slack_connection\"");
    await queryRunner.query("DROP TYPE \"public\".\"slack_connection_status\"");
    await queryRunner.query("DROP TYPE \"public\".\"slack_connection_kind\"");
    await queryRunner.query("DROP TABLE \"notification_settings\"");
    await queryRunner.query("DROP INDEX \"public\".\"notification_delivery_workspace_idx\"");
    await queryRunner.query("DROP INDEX \"public\".\"notification_delivery_target_idx\"");
    await queryRunner.query("DROP TABLE \"notification_delivery\"");
    await queryRunner.query("DROP TYPE \"public\".\"notification_delivery_status\"");
    await queryRunner.query("DROP TYPE \"public\".\"notification_channel\"");
    await queryRunner.query("DROP INDEX \"public\".\"notification_event_idempotency_key\"");
    await queryRunner.query("DROP INDEX \"public\".\"notification_event_workspace_idx\"");
    await queryRunner.query("DROP TABLE \"notification_event\"");
    await queryRunner.query("DROP TYPE \"public\".\"notification_event_type\"");
  }
}
