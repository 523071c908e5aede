using Planner.Diagnostics;
using Planner.Documents;

namespace Executor.OpenStack;

/// <summary>
/// Finds a cloud's settings the way the OpenStack client tools do: <c>clouds.yaml</c> (first of
/// <c>$OS_CLIENT_CONFIG_FILE</c>, <c>./clouds.yaml</c>, <c>$XDG_CONFIG_HOME/openstack/</c> or
/// <c>~/.config/openstack/</c>, <c>/etc/openstack/</c>) with <c>secure.yaml</c> from the same places merged over it,
/// and the <c>OS_*</c> environment variables. A named cloud (<c>--os-cloud</c>, else <c>$OS_CLOUD</c>) takes its
/// values from the file; <c>OS_*</c> variables only fill what the entry leaves out (typically the password), so a
/// shell set up for another cloud cannot silently redirect it. Without a name, the <c>OS_*</c> variables alone are used.
/// </summary>
public sealed class CloudConfigLoader(IReadOnlyDictionary<string, string> environment, Func<string, byte[]?> readFile, string currentDirectory)
{
    private static readonly (string Variable, string Key)[] Variables =
    [
        ("OS_AUTH_URL", "auth.auth_url"), ("OS_USERNAME", "auth.username"), ("OS_USER_ID", "auth.user_id"),
        ("OS_PASSWORD", "auth.password"), ("OS_PROJECT_NAME", "auth.project_name"), ("OS_TENANT_NAME", "auth.project_name"),
        ("OS_PROJECT_ID", "auth.project_id"), ("OS_TENANT_ID", "auth.project_id"), ("OS_USER_DOMAIN_NAME", "auth.user_domain_name"),
        ("OS_USER_DOMAIN_ID", "auth.user_domain_id"), ("OS_PROJECT_DOMAIN_NAME", "auth.project_domain_name"),
        ("OS_PROJECT_DOMAIN_ID", "auth.project_domain_id"), ("OS_DOMAIN_NAME", "auth.domain_name"), ("OS_DOMAIN_ID", "auth.domain_id"),
        ("OS_SYSTEM_SCOPE", "auth.system_scope"), ("OS_APPLICATION_CREDENTIAL_ID", "auth.application_credential_id"),
        ("OS_APPLICATION_CREDENTIAL_NAME", "auth.application_credential_name"),
        ("OS_APPLICATION_CREDENTIAL_SECRET", "auth.application_credential_secret"), ("OS_AUTH_TYPE", "auth_type"),
        ("OS_ENDPOINT", "auth.endpoint"), ("OS_REGION_NAME", "region_name"), ("OS_INTERFACE", "interface"),
        ("OS_CACERT", "cacert"), ("OS_INSECURE", "insecure"),
    ];

    /// <summary>A loader over this process's environment, working directory and files.</summary>
    public static CloudConfigLoader FromProcess()
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry e in Environment.GetEnvironmentVariables())
        {
            environment[(string)e.Key] = (string?)e.Value ?? "";
        }

        return new CloudConfigLoader(environment, path => File.Exists(path) ? File.ReadAllBytes(path) : null, Directory.GetCurrentDirectory());
    }

    /// <summary>The places searched for <paramref name="fileName"/> (clouds.yaml or secure.yaml), in order.</summary>
    public IReadOnlyList<string> SearchPaths(string fileName)
    {
        var paths = new List<string>();
        var explicitVariable = fileName == "clouds.yaml" ? "OS_CLIENT_CONFIG_FILE" : "OS_CLIENT_SECURE_FILE";
        if (Get(explicitVariable) is { } explicitFile)
        {
            paths.Add(explicitFile);
        }

        paths.Add(Path.Combine(currentDirectory, fileName));
        var configHome = Get("XDG_CONFIG_HOME") ?? (Get("HOME") is { } home ? Path.Combine(home, ".config") : null);
        if (configHome is not null)
        {
            paths.Add(Path.Combine(configHome, "openstack", fileName));
        }

        paths.Add(Path.Combine("/etc/openstack", fileName));
        return paths;
    }

    /// <summary>The cloud <paramref name="cloudName"/> (else <c>$OS_CLOUD</c>, else the <c>OS_*</c> variables alone).</summary>
    /// <exception cref="OpenStackException">The cloud is unknown, a file is malformed, or required settings are missing.</exception>
    public CloudConfig Load(string? cloudName)
    {
        var name = string.IsNullOrEmpty(cloudName) ? Get("OS_CLOUD") : cloudName;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var origin = "OS_* environment variables";
        if (name is not null)
        {
            var (cloudsFile, clouds) = FirstFile("clouds.yaml") ?? throw new OpenStackException(
                $"cloud '{name}' was asked for, but no clouds.yaml was found (looked in {string.Join(", ", SearchPaths("clouds.yaml"))})");
            if (Entry(clouds, name) is not { } entry)
            {
                var known = Map(clouds, "clouds")?.Entries.Select(e => e.Key.Value).ToList() ?? [];
                throw new OpenStackException($"{cloudsFile}: no cloud named '{name}'" +
                    (known.Count > 0 ? $"; it defines {string.Join(", ", known)}" : "; it defines no clouds under 'clouds:'"));
            }

            Flatten(entry, "", values);
            origin = cloudsFile;
            if (FirstFile("secure.yaml") is var (secureFile, secure) && Entry(secure, name) is { } secureEntry)
            {
                Flatten(secureEntry, "", values);
                origin += $" + {secureFile}";
            }
        }

        foreach (var (variable, key) in Variables)
        {
            if (Get(variable) is { } value && !values.ContainsKey(key))
            {
                values[key] = value;
            }
        }

        return Build(name ?? "envvars", values, origin);
    }

    private static CloudConfig Build(string name, Dictionary<string, string> values, string origin)
    {
        string? V(string key) => values.TryGetValue(key, out var v) && v.Length > 0 ? v : null;
        var kind = (V("auth_type") ?? (V("auth.application_credential_secret") is null ? "password" : "v3applicationcredential")) switch
        {
            "password" or "v3password" => AuthKind.Password,
            "v3applicationcredential" or "applicationcredential" => AuthKind.ApplicationCredential,
            "none" or "noauth" => AuthKind.None,
            var other => throw new OpenStackException(
                $"{origin}: cloud '{name}' uses auth_type '{other}', which mplan does not support; use password, v3applicationcredential or none"),
        };
        var insecure = V("insecure") is { } i && IsTrue(i);
        var verify = V("verify") is { } v ? IsTrue(v) : !insecure;
        var config = new CloudConfig
        {
            Name = name,
            AuthKind = kind,
            AuthUrl = V("auth.auth_url"),
            Username = V("auth.username"),
            UserId = V("auth.user_id"),
            Password = Secret.From(V("auth.password")),
            UserDomainName = V("auth.user_domain_name") ?? (V("auth.user_domain_id") is null ? V("auth.domain_name") : null),
            UserDomainId = V("auth.user_domain_id") ?? V("auth.domain_id"),
            ProjectName = V("auth.project_name"),
            ProjectId = V("auth.project_id"),
            ProjectDomainName = V("auth.project_domain_name") ?? (V("auth.project_domain_id") is null ? V("auth.domain_name") : null),
            ProjectDomainId = V("auth.project_domain_id") ?? V("auth.domain_id"),
            SystemScope = V("auth.system_scope") is { } scope && (scope == "all" || IsTrue(scope)),
            ApplicationCredentialId = V("auth.application_credential_id"),
            ApplicationCredentialName = V("auth.application_credential_name"),
            ApplicationCredentialSecret = Secret.From(V("auth.application_credential_secret")),
            Endpoint = V("load_balancer_endpoint_override") ?? V("auth.endpoint") ?? V("endpoint"),
            RegionName = V("region_name"),
            Interface = NormaliseInterface(V("interface") ?? V("endpoint_type") ?? "public"),
            CaCertFile = V("cacert"),
            Verify = verify,
            Origin = origin,
        };
        Check(config);
        return config;
    }

    private static void Check(CloudConfig c)
    {
        var where = $"{c.Origin}: cloud '{c.Name}'";
        var missing = new List<string>();
        switch (c.AuthKind)
        {
            case AuthKind.None:
                if (c.Endpoint is null)
                {
                    missing.Add("an endpoint (auth.endpoint or OS_ENDPOINT) for auth_type none");
                }

                break;
            case AuthKind.Password:
                if (c.AuthUrl is null) { missing.Add("auth.auth_url (OS_AUTH_URL)"); }
                if (c.Username is null && c.UserId is null) { missing.Add("auth.username or auth.user_id (OS_USERNAME)"); }
                if (c.Password is null) { missing.Add("auth.password (OS_PASSWORD, or secure.yaml)"); }
                if (c.Username is not null && c.UserId is null && c.UserDomainName is null && c.UserDomainId is null)
                {
                    missing.Add("auth.user_domain_name (OS_USER_DOMAIN_NAME): a user given by name needs its domain");
                }

                if (!c.SystemScope && c.ProjectName is null && c.ProjectId is null)
                {
                    missing.Add("auth.project_name or auth.project_id (OS_PROJECT_NAME), or system_scope: all");
                }

                break;
            case AuthKind.ApplicationCredential:
                if (c.AuthUrl is null) { missing.Add("auth.auth_url (OS_AUTH_URL)"); }
                if (c.ApplicationCredentialSecret is null) { missing.Add("auth.application_credential_secret (OS_APPLICATION_CREDENTIAL_SECRET)"); }
                if (c.ApplicationCredentialId is null && (c.ApplicationCredentialName is null || (c.Username is null && c.UserId is null)))
                {
                    missing.Add("auth.application_credential_id, or its name together with the user");
                }

                break;
        }

        if (missing.Count > 0)
        {
            throw new OpenStackException($"{where} is missing {string.Join("; ", missing)}");
        }
    }

    private static string NormaliseInterface(string value) => value.EndsWith("URL", StringComparison.Ordinal) ? value[..^3] : value;

    private static bool IsTrue(string value) => value.Trim().ToLowerInvariant() is "true" or "1" or "yes" or "on";

    private (string File, YMapping Root)? FirstFile(string fileName)
    {
        foreach (var path in SearchPaths(fileName))
        {
            if (readFile(path) is not { } bytes)
            {
                continue;
            }

            var diagnostics = new DiagnosticBag();
            var root = DocumentLoader.Load(path, bytes, DocumentLimits.Plan, diagnostics);
            if (diagnostics.HasErrors || root is not YMapping mapping)
            {
                var first = diagnostics.Items.FirstOrDefault();
                throw new OpenStackException(first is null
                    ? $"{path}: expected a mapping with a 'clouds:' key"
                    : $"{first.Location}: {first.Message}");
            }

            return (path, mapping);
        }

        return null;
    }

    private static YMapping? Map(YMapping root, string key) => root[key] as YMapping;

    private static YMapping? Entry(YMapping root, string name) => Map(root, "clouds")?[name] as YMapping;

    // clouds.yaml nests at most two levels (auth: {...}); dotted keys make the secure.yaml merge a plain overwrite.
    private static void Flatten(YMapping map, string prefix, Dictionary<string, string> into)
    {
        foreach (var (key, value) in map.Entries)
        {
            switch (value)
            {
                case YMapping child:
                    Flatten(child, prefix + key.Value + ".", into);
                    break;
                case YScalar scalar:
                    into[prefix + key.Value] = scalar.Kind == ScalarKind.Null ? "" : scalar.Value;
                    break;
            }
        }
    }

    private string? Get(string variable) =>
        environment.TryGetValue(variable, out var value) && !string.IsNullOrEmpty(value) ? value : null;
}
