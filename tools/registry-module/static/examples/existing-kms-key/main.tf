provider "aws" {
  region = var.region
}

resource "aws_kms_key" "orders" {
  description             = "Key owned by the security team, passed to the module"
  enable_key_rotation     = true
  deletion_window_in_days = 30
}

module "claim_check" {
  source = "../../"

  name           = "orders"
  environment    = "prod"
  kms_key_arn    = aws_kms_key.orders.arn
  create_kms_key = false
}
