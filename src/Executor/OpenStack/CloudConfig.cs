namespace Executor.OpenStack;

/// <summary>How the client proves who it is to Keystone.</summary>
public enum AuthKind
{
    /// <summary><c>password</c> (Keystone v3): user and password, scoped to a project or the system.</summary>
    Password,

    /// <summary><c>v3applicationcredential</c>: an application credential id (or name + user) and secret; the scope is the credential's.</summary>
    ApplicationCredential,

    /// <summary><c>none</c>: no Keystone (noauth deployments); requests go straight to <see cref="CloudConfig.Endpoint"/>.</summary>
    None,
}

/// <summary>
/// One OpenStack cloud as clouds.yaml and the <c>OS_*</c> variables describe it. Secrets are <see cref="Secret"/>s,
/// so printing this record never shows them.
/// </summary>
public sealed record CloudConfig
{
    /// <summary>The clouds.yaml entry name, or <c>envvars</c> when only <c>OS_*</c> variables were used.</summary>
    public required string Name { get; init; }

    public AuthKind AuthKind { get; init; } = AuthKind.Password;

    /// <summary>Keystone's base URL, without or with <c>/v3</c>.</summary>
    public string? AuthUrl { get; init; }

    public string? Username { get; init; }

    public string? UserId { get; init; }

    public Secret? Password { get; init; }

    public string? UserDomainName { get; init; }

    public string? UserDomainId { get; init; }

    public string? ProjectName { get; init; }

    public string? ProjectId { get; init; }

    public string? ProjectDomainName { get; init; }

    public string? ProjectDomainId { get; init; }

    /// <summary>Ask for a system-scoped token (<c>system_scope: all</c>); Octavia's admin APIs may need it when scope is enforced.</summary>
    public bool SystemScope { get; init; }

    public string? ApplicationCredentialId { get; init; }

    public string? ApplicationCredentialName { get; init; }

    public Secret? ApplicationCredentialSecret { get; init; }

    /// <summary>The load-balancer endpoint to use instead of the catalog's (required with <see cref="AuthKind.None"/>).</summary>
    public string? Endpoint { get; init; }

    public string? RegionName { get; init; }

    /// <summary>The catalog interface: public (the default), internal or admin.</summary>
    public string Interface { get; init; } = "public";

    /// <summary>A PEM bundle of CA certificates to trust instead of the system's.</summary>
    public string? CaCertFile { get; init; }

    /// <summary>TLS certificate verification; off only when explicitly asked (<c>verify: false</c>, <c>OS_INSECURE=true</c>).</summary>
    public bool Verify { get; init; } = true;

    /// <summary>Where the settings came from, for messages (file names, "OS_* environment").</summary>
    public string Origin { get; init; } = "";
}
