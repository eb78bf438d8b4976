# terraform-aws-modules/eks v19: aws-auth managed through the module's inputs.
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 19.21"

  cluster_name    = "search"
  cluster_version = "1.29"

  manage_aws_auth_configmap = true
  aws_auth_roles = [
    {
      rolearn  = "arn:aws:iam::210987654321:role/search-admins"
      username = "search-admin:{{SessionName}}"
      groups   = ["system:masters"]
    },
    {
      rolearn  = "arn:aws:iam::210987654321:role/search-admins"
      username = "search-viewer"
      groups   = ["viewers"]
    },
  ]
}
