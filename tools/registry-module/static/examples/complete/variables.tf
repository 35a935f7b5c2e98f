variable "region" {
  description = "Region to deploy the example into"
  type        = string
  default     = "eu-west-1"
}
