# terraform-aws-modules/eks v21: access entries; the v19 aws-auth inputs are no longer arguments.
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 21.0"

  name               = "billing"
  kubernetes_version = "1.33"

  enable_cluster_creator_admin_permissions = true

  access_entries = {
    developers = {
      principal_arn = "arn:aws:iam::210987654321:role/billing-developers"
      policy_associations = {
        edit = {
          policy_arn = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy"
          access_scope = {
            type       = "namespace"
            namespaces = ["billing"]
          }
        }
      }
    }
  }

  manage_aws_auth_configmap = true
}
