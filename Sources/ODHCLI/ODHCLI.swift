import KubeClient
