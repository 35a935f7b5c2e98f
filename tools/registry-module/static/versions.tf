# Hand-kept. terraform >= 1.9 for cross-variable validation; aws >= 6.8 for 1 MiB messages (and 6.0's aws_region.region).
terraform {
  required_version = ">= 1.9"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 6.8"
    }
  }
}
