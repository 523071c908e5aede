namespace Cli.Tests.Kubernetes;

/// <summary>
/// The end-to-end applies against the fake Kubernetes run one at a time: each runs real processes and a fake whose
/// actors keep time, and two at once on a small machine would measure the machine, not mplan.
/// </summary>
[CollectionDefinition(Name)]
public sealed class KubernetesApplyCollection
{
    public const string Name = "Kubernetes apply";
}
