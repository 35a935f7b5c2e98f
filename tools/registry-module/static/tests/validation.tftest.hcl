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

run "rejects_an_alias_as_key" {
  command = plan

  variables {
    kms_key_arn = "alias/aws/sqs"
  }

  expect_failures = [var.kms_key_arn]
}

run "rejects_key_settings_with_an_existing_key" {
  command = plan

  variables {
    kms_key_arn                 = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    key_deletion_window_in_days = 7
  }

  expect_failures = [var.key_deletion_window_in_days]
}

run "rejects_a_zero_max_receive_count" {
  command = plan

  variables {
    max_receive_count = 0
  }

  expect_failures = [var.max_receive_count]
}

run "rejects_an_oversized_message_limit" {
  command = plan

  variables {
    max_message_size = 1048577
  }

  expect_failures = [var.max_message_size]
}

run "rejects_a_dlq_that_expires_first" {
  command = plan

  variables {
    message_retention_seconds     = 86400
    dlq_message_retention_seconds = 86400
  }

  expect_failures = [var.dlq_message_retention_seconds]
}

run "rejects_payloads_that_expire_before_their_claims" {
  command = plan

  variables {
    payload_expiration_days = 18
  }

  expect_failures = [var.payload_expiration_days]
}

run "rejects_deduplication_without_fifo" {
  command = plan

  variables {
    content_based_deduplication = true
  }

  expect_failures = [var.content_based_deduplication]
}

run "rejects_a_dotted_bucket_name" {
  command = plan

  variables {
    bucket_name = "my.bucket"
  }

  expect_failures = [var.bucket_name]
}

run "rejects_create_kms_key_false_without_a_key" {
  command = plan

  variables {
    create_kms_key = false
  }

  expect_failures = [var.create_kms_key]
}

run "rejects_a_name_whose_default_bucket_name_is_reserved" {
  command = plan

  variables {
    name = "xn--orders"
  }

  expect_failures = [var.name]
}

run "rejects_noncurrent_expiry_with_versioning_off" {
  command = plan

  variables {
    versioning                         = false
    noncurrent_version_expiration_days = 3
  }

  expect_failures = [var.noncurrent_version_expiration_days]
}

run "rejects_a_tag_key_aws_refuses" {
  command = plan

  variables {
    tags = { "cost#center" = "1" }
  }

  expect_failures = [var.tags]
}

run "rejects_a_key_of_an_unknown_partition" {
  command = plan

  variables {
    kms_key_arn = "arn:aws-moon:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  }

  expect_failures = [var.kms_key_arn]
}
