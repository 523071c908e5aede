using Planner.Model;

namespace Planner.Operations.Kinds;

/// <summary>
/// Which load balancers Rockoon's <c>octavia-loadbalancers-failover</c> Job fails over right after an amphora CA
/// rotation, by its <c>is_failover_needed</c> with the default <c>FAILOVER_LB_CASES</c> (CONTRACTS §2.3): an LB in
/// ERROR; an amphora or amphorav2 LB with amphorae, since each still presents a certificate of the old CA and the
/// probe trusts only the new one (CERT_EXPIRED). Everything else the Job counts SKIPPED.
/// </summary>
internal static class RockoonJobSelection
{
    private static readonly string[] AmphoraProviders = ["amphora", "amphorav2"];

    /// <summary>Why the Job skips <paramref name="lb"/>, or null when it fails it over.</summary>
    public static string? SkipReason(LoadBalancer lb)
    {
        if (lb.ProvisioningStatus == "ERROR")
        {
            return null;
        }

        if (!AmphoraProviders.Contains(lb.Provider, StringComparer.Ordinal))
        {
            // The Job compares the provider name literally: the "octavia" alias is not probed.
            return $"provider {lb.Provider}: the Job fails it over only in ERROR";
        }

        return lb.Amphorae.IsDefaultOrEmpty ? "no amphorae: the Job skips it (AMPHORA_MISSING is off by default)" : null;
    }
}
