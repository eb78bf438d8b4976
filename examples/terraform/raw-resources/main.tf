# Raw resources: a cluster, its access entries, and an aws-auth ConfigMap the same configuration owns.
data "aws_caller_identity" "current" {}

locals {
  account_id = "210987654321"
  admin_roles = [
    # Copied from the IAM console, path included: never matches in aws-auth.
    "arn:aws:iam::${local.account_id}:role/platform/platform-admin",
  ]
}

resource "aws_eks_cluster" "main" {
  name     = "payments"
  role_arn = aws_iam_role.cluster.arn

  vpc_config {
    subnet_ids = var.subnet_ids
  }

  access_config {
    authentication_mode = "API_AND_CONFIG_MAP"
  }
}

resource "aws_eks_access_entry" "ci" {
  cluster_name  = aws_eks_cluster.main.name
  principal_arn = data.aws_caller_identity.current.arn
}

resource "aws_eks_access_entry" "admins" {
  cluster_name      = aws_eks_cluster.main.name
  principal_arn     = "arn:aws:iam::210987654321:role/break-glass"
  kubernetes_groups = ["system:masters"]
}

resource "aws_eks_node_group" "general" {
  cluster_name    = aws_eks_cluster.main.name
  node_group_name = "general"
  node_role_arn   = aws_iam_role.nodes.arn
  subnet_ids      = var.subnet_ids

  scaling_config {
    desired_size = 2
    max_size     = 3
    min_size     = 1
  }
}

resource "kubernetes_config_map_v1" "aws_auth" {
  metadata {
    name      = "aws-auth"
    namespace = "kube-system"
  }

  data = {
    mapRoles = yamlencode([
      for arn in local.admin_roles : {
        rolearn  = arn
        username = "platform-admin:{{SessionName}}"
        groups   = ["platform-admins"]
      }
    ])
  }
}
