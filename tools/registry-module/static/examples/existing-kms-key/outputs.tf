output "kms_key_arn" {
  description = "ARN of the KMS key that encrypts payloads and claims"
  value       = module.claim_check.kms_key_arn
}

output "kms_key_alias" {
  description = "Alias of the created KMS key (null when an existing key is used)"
  value       = module.claim_check.kms_key_alias
}

output "required_kms_key_policy_statements" {
  description = "Statements the owner of an existing KMS key must add to its key policy ([] for a created key)"
  value       = module.claim_check.required_kms_key_policy_statements
}

output "queue_url" {
  description = "URL of the claim queue"
  value       = module.claim_check.queue_url
}

output "bucket_name" {
  description = "Name of the payload bucket"
  value       = module.claim_check.bucket_name
}
