using System.Collections.Immutable;
using System.Globalization;
using Planner.Operations;

namespace Planner.Certificates;

/// <summary>The expiry table reviewers see: target, subject, not-after and days left, soonest first.</summary>
public static class ExpiryTable
{
    public static ImmutableArray<string> Header { get; } = ["target", "subject", "not after", "days left"];

    public static ReviewTable Build(IEnumerable<CertificateRecord> records, DateTimeOffset at, string title = "Certificate expiry") =>
        new(title, Header, [.. Order(records).Select(r => Row(r, at))]);

    public static IEnumerable<CertificateRecord> Order(IEnumerable<CertificateRecord> records) =>
        records.OrderBy(r => r.NotAfter).ThenBy(r => r.Target, StringComparer.Ordinal).ThenBy(r => r.Subject, StringComparer.Ordinal);

    public static ImmutableArray<string> Row(CertificateRecord record, DateTimeOffset at) =>
        [record.Target, record.Subject, record.NotAfter.ToUniversalTime().ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture),
         record.DaysLeft(at).ToString(CultureInfo.InvariantCulture)];
}
