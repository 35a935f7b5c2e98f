output "bucket_name" {
  description = "Name of the payload bucket"
  value       = module.claim_check.bucket_name
}

output "bucket_arn" {
  description = "ARN of the payload bucket"
  value       = module.claim_check.bucket_arn
}

output "payload_prefix" {
  description = "Key prefix under which producers write payloads"
  value       = module.claim_check.payload_prefix
}

output "queue_url" {
  description = "URL of the claim queue"
  value       = module.claim_check.queue_url
}

output "queue_arn" {
  description = "ARN of the claim queue"
  value       = module.claim_check.queue_arn
}

output "dlq_url" {
  description = "URL of the dead-letter queue"
  value       = module.claim_check.dlq_url
}

output "dlq_arn" {
  description = "ARN of the dead-letter queue"
  value       = module.claim_check.dlq_arn
}

output "max_message_size" {
  description = "Largest claim message the queue accepts, in bytes"
  value       = module.claim_check.max_message_size
}

output "payload_expiration_days" {
  description = "Days after which payloads expire"
  value       = module.claim_check.payload_expiration_days
}

output "kms_key_arn" {
  description = "ARN of the KMS key that encrypts payloads and claims"
  value       = module.claim_check.kms_key_arn
}

output "kms_key_alias" {
  description = "Alias of the created KMS key (null when an existing key is used)"
  value       = module.claim_check.kms_key_alias
}

output "producer_policy_arn" {
  description = "ARN of the producer IAM policy"
  value       = module.claim_check.producer_policy_arn
}

output "consumer_policy_arn" {
  description = "ARN of the consumer IAM policy"
  value       = module.claim_check.consumer_policy_arn
}

output "producer_policy_json" {
  description = "The producer IAM policy document"
  value       = module.claim_check.producer_policy_json
}

output "consumer_policy_json" {
  description = "The consumer IAM policy document"
  value       = module.claim_check.consumer_policy_json
}

output "required_kms_key_policy_statements" {
  description = "Statements the owner of an existing KMS key must add to its key policy ([] for a created key)"
  value       = module.claim_check.required_kms_key_policy_statements
}
