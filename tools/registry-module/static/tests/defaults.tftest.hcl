mock_provider "aws" {
  mock_data "aws_caller_identity" {
    defaults = {
      account_id = "111122223333"
    }
  }

  mock_data "aws_region" {
    defaults = {
      region = "eu-west-1"
    }
  }

  mock_data "aws_partition" {
    defaults = {
      partition = "aws"
    }
  }
}

variables {
  name = "orders"
}

run "creates_a_key_and_secure_defaults" {
  command = plan

  assert {
    condition     = length(aws_kms_key.this) == 1 && aws_kms_key.this[0].enable_key_rotation
    error_message = "a rotating key is created"
  }
  assert {
    condition     = aws_kms_alias.this[0].name == "alias/orders"
    error_message = "the key gets alias/<name>"
  }
  assert {
    condition     = aws_s3_bucket.this.bucket == "orders-payloads-111122223333-eu-west-1"
    error_message = "the bucket name includes account and region"
  }
  assert {
    condition     = !aws_s3_bucket.this.force_destroy
    error_message = "force_destroy is off"
  }
  assert {
    condition     = aws_s3_bucket_public_access_block.this.block_public_acls && aws_s3_bucket_public_access_block.this.block_public_policy && aws_s3_bucket_public_access_block.this.ignore_public_acls && aws_s3_bucket_public_access_block.this.restrict_public_buckets
    error_message = "all public access is blocked"
  }
  assert {
    condition     = aws_s3_bucket_versioning.this.versioning_configuration[0].status == "Enabled"
    error_message = "versioning is on"
  }
  assert {
    condition     = aws_s3_bucket_lifecycle_configuration.this.rule[1].expiration[0].days == 19
    error_message = "payloads expire after 19 days"
  }
  assert {
    condition     = aws_sqs_queue.this.name == "orders-claims" && aws_sqs_queue.dlq.name == "orders-claims-dlq"
    error_message = "queue names"
  }
  assert {
    condition     = aws_sqs_queue.this.max_message_size == 1048576
    error_message = "the queue accepts 1 MiB claims"
  }
  assert {
    condition     = aws_sqs_queue.this.receive_wait_time_seconds == 20
    error_message = "long polling"
  }
  assert {
    condition     = aws_sqs_queue.dlq.message_retention_seconds > aws_sqs_queue.this.message_retention_seconds
    error_message = "the DLQ keeps claims longer"
  }
  assert {
    condition     = length(aws_s3_bucket_logging.this) == 0
    error_message = "no access logging without a log bucket"
  }
  assert {
    condition     = output.required_kms_key_policy_statements == "[]"
    error_message = "nothing is asked of a key owner"
  }
  assert {
    condition     = aws_s3_bucket_lifecycle_configuration.this.rule[2].id == "expire-consumed-payloads" && aws_s3_bucket_lifecycle_configuration.this.rule[2].expiration[0].days == 1
    error_message = "payloads tagged as consumed expire a day after upload"
  }
  assert {
    condition     = aws_s3_bucket_lifecycle_configuration.this.rule[2].filter[0].and[0].tags == tomap({ ClaimCheckState = "consumed" })
    error_message = "the consumed rule matches exactly the tag the client writes"
  }
}

run "consumed_payload_expiry_off" {
  command = plan

  variables {
    expire_consumed_payloads = false
  }

  assert {
    condition     = length(aws_s3_bucket_lifecycle_configuration.this.rule) == 3
    error_message = "no consumed-payload rule"
  }
  assert {
    condition     = !strcontains(aws_iam_policy.consumer.policy, "s3:PutObjectTagging")
    error_message = "consumers cannot tag payloads"
  }
}

run "versioning_off" {
  command = plan

  variables {
    versioning = false
  }

  assert {
    condition     = aws_s3_bucket_versioning.this.versioning_configuration[0].status == "Suspended"
    error_message = "versioning is suspended"
  }
  assert {
    condition     = length(aws_s3_bucket_lifecycle_configuration.this.rule) == 3
    error_message = "no version rules (abort, expire and expire-consumed remain)"
  }
}

run "fifo" {
  command = plan

  variables {
    fifo                        = true
    content_based_deduplication = true
  }

  assert {
    condition     = aws_sqs_queue.this.name == "orders-claims.fifo" && aws_sqs_queue.dlq.name == "orders-claims-dlq.fifo"
    error_message = "FIFO names"
  }
  assert {
    condition     = aws_sqs_queue.this.fifo_queue && aws_sqs_queue.dlq.fifo_queue
    error_message = "both queues are FIFO"
  }
  assert {
    condition     = aws_s3_bucket_lifecycle_configuration.this.rule[1].expiration[0].days == 23
    error_message = "FIFO payloads live main + DLQ + redrive + margin"
  }
}

run "roles_and_logging" {
  command = plan

  variables {
    producer_role_names    = ["orders-api"]
    consumer_role_names    = ["orders-worker"]
    access_log_bucket_name = "acme-logs"
  }

  assert {
    condition     = aws_iam_role_policy_attachment.producer["orders-api"].role == "orders-api"
    error_message = "the producer policy is attached"
  }
  assert {
    condition     = aws_iam_role_policy_attachment.consumer["orders-worker"].role == "orders-worker"
    error_message = "the consumer policy is attached"
  }
  assert {
    condition     = aws_s3_bucket_logging.this[0].target_bucket == "acme-logs"
    error_message = "access logging is on"
  }
}
