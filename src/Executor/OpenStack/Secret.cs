namespace Executor.OpenStack;

/// <summary>
/// A password, token or application-credential secret. <see cref="ToString"/> is redacted so that a secret that
/// slips into an interpolated message, a log line or a record's printout shows as <c>***</c>; only the code that
/// puts it on the wire calls <see cref="Reveal"/>.
/// </summary>
public sealed class Secret : IEquatable<Secret>
{
    private readonly string _value;

    public Secret(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
    }

    /// <summary>The clear text, for an HTTP header or request body only.</summary>
    public string Reveal() => _value;

    public override string ToString() => "***";

    public bool Equals(Secret? other) => other is not null && string.Equals(_value, other._value, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as Secret);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_value);

    /// <summary>Null for null or empty text.</summary>
    public static Secret? From(string? value) => string.IsNullOrEmpty(value) ? null : new Secret(value);
}
