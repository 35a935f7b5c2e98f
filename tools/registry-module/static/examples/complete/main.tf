provider "aws" {
  region = var.region
}

resource "aws_iam_role" "producer" {
  name = "orders-producer"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect = "Allow"
        Action = "sts:AssumeRole"
        Principal = {
          Service = "lambda.amazonaws.com"
        }
      },
    ]
  })
}

resource "aws_iam_role" "consumer" {
  name = "orders-consumer"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect = "Allow"
        Action = "sts:AssumeRole"
        Principal = {
          Service = "lambda.amazonaws.com"
        }
      },
    ]
  })
}

module "claim_check" {
  source = "../../"

  name        = "orders"
  environment = "prod"
  tags = {
    Team       = "payments"
    CostCenter = "1234"
  }

  versioning                         = true
  noncurrent_version_expiration_days = 30
  max_receive_count                  = 5
  visibility_timeout_seconds         = 300
  key_deletion_window_in_days        = 30
  producer_role_names                = [aws_iam_role.producer.name]
  consumer_role_names                = [aws_iam_role.consumer.name]
}
