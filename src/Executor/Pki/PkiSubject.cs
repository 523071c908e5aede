using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;

namespace Executor.Pki;

/// <summary>
/// An X.509 subject as the plan writes it: only C, ST, L, O, OU and CN, CN required. <see cref="ToString"/> is the
/// one-line form the planner shows (<c>C=US,O=Example Cloud,CN=Octavia Issuing CA</c>).
/// </summary>
public sealed record PkiSubject(string CommonName, string? Country = null, string? State = null, string? Locality = null,
    string? Organization = null, string? OrganizationalUnit = null)
{
    /// <summary>The attributes in the conventional order (C, ST, L, O, OU, CN), absent ones left out.</summary>
    public IEnumerable<(string Key, string Value)> Attributes
    {
        get
        {
            (string Key, string? Value)[] all = [("C", Country), ("ST", State), ("L", Locality), ("O", Organization), ("OU", OrganizationalUnit), ("CN", CommonName)];
            return all.Where(a => a.Value is not null).Select(a => (a.Key, a.Value!));
        }
    }

    /// <summary>The one-line form, e.g. <c>C=US,O=Example Cloud,CN=Octavia Issuing CA</c>.</summary>
    public override string ToString() => string.Join(",", Attributes.Select(a => $"{a.Key}={a.Value}"));

    /// <summary>The X.509 name, in the order of <see cref="Attributes"/> (C as PrintableString, the rest UTF8String).</summary>
    internal X509Name ToX509Name()
    {
        if (string.IsNullOrWhiteSpace(CommonName))
        {
            throw new PkiException("a certificate subject needs a common name (CN)");
        }

        var oids = new List<DerObjectIdentifier>();
        var values = new List<string>();
        foreach (var (key, value) in Attributes)
        {
            oids.Add(key switch
            {
                "C" => X509Name.C,
                "ST" => X509Name.ST,
                "L" => X509Name.L,
                "O" => X509Name.O,
                "OU" => X509Name.OU,
                _ => X509Name.CN,
            });
            values.Add(value);
        }

        return new X509Name(oids, values);
    }
}
