namespace Planner.Certificates;

/// <summary>One certificate whose expiry matters: what it belongs to, where it was read, its subject and not-after.</summary>
/// <param name="Target">The object it belongs to (an LB, a subcloud, a file).</param>
/// <param name="Source">Where it was read: a PEM file, a cluster file section, Octavia's amphora list.</param>
/// <param name="Subject">The subject in OpenSSL's one-line form, or a description when only the date is known.</param>
/// <param name="NotAfter">When it expires.</param>
public sealed record CertificateRecord(string Target, string Source, string Subject, DateTimeOffset NotAfter)
{
    /// <summary>Whole days left at <paramref name="at"/>; negative once expired.</summary>
    public int DaysLeft(DateTimeOffset at) => (int)Math.Floor((NotAfter - at).TotalDays);
}
