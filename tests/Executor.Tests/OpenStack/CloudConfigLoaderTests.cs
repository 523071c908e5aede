using System.Text;
using Executor.OpenStack;

namespace Executor.Tests.OpenStack;

public sealed class CloudConfigLoaderTests
{
    private const string Clouds = """
        clouds:
          prod:
            auth:
              auth_url: https://keystone.example:5000
              username: admin
              password: from-file-secret
              project_name: admin
              user_domain_name: Default
              project_domain_name: Default
            region_name: RegionOne
            interface: internal
          appcred:
            auth_type: v3applicationcredential
            auth:
              auth_url: https://keystone.example:5000/v3
              application_credential_id: abc
            verify: false
          local:
            auth_type: none
            auth:
              endpoint: http://127.0.0.1:9876
        """;

    private static CloudConfigLoader Loader(Dictionary<string, string> files, Dictionary<string, string>? environment = null) =>
        new(environment ?? new Dictionary<string, string> { ["HOME"] = "/home/op" },
            path => files.TryGetValue(path, out var text) ? Encoding.UTF8.GetBytes(text) : null, "/work");

    [Fact]
    public void Load_NamedCloudInUserConfig_ReadsEveryField()
    {
        // Given clouds.yaml in ~/.config/openstack
        var loader = Loader(new() { ["/home/op/.config/openstack/clouds.yaml"] = Clouds });

        // When the cloud "prod" is loaded
        var cloud = loader.Load("prod");

        // Then its settings come from the file
        Assert.Equal(AuthKind.Password, cloud.AuthKind);
        Assert.Equal("https://keystone.example:5000", cloud.AuthUrl);
        Assert.Equal("admin", cloud.Username);
        Assert.Equal("from-file-secret", cloud.Password!.Reveal());
        Assert.Equal("RegionOne", cloud.RegionName);
        Assert.Equal("internal", cloud.Interface);
        Assert.True(cloud.Verify);
        Assert.Equal("/home/op/.config/openstack/clouds.yaml", cloud.Origin);
    }

    [Fact]
    public void Load_FilesInSeveralPlaces_FirstInSearchOrderWins()
    {
        // Given clouds.yaml in the working directory, the user's config and /etc, and OS_CLIENT_CONFIG_FILE
        var other = Clouds.Replace("RegionOne", "RegionEtc", StringComparison.Ordinal);
        var files = new Dictionary<string, string>
        {
            ["/work/clouds.yaml"] = Clouds.Replace("RegionOne", "RegionCwd", StringComparison.Ordinal),
            ["/home/op/.config/openstack/clouds.yaml"] = Clouds,
            ["/etc/openstack/clouds.yaml"] = other,
            ["/explicit.yaml"] = Clouds.Replace("RegionOne", "RegionExplicit", StringComparison.Ordinal),
        };

        // When loading with and without OS_CLIENT_CONFIG_FILE
        var plain = Loader(files).Load("prod");
        var explicitFile = Loader(files, new() { ["HOME"] = "/home/op", ["OS_CLIENT_CONFIG_FILE"] = "/explicit.yaml" }).Load("prod");

        // Then the explicit file comes first, then ./clouds.yaml
        Assert.Equal("RegionCwd", plain.RegionName);
        Assert.Equal("RegionExplicit", explicitFile.RegionName);
        Assert.Equal(["/explicit.yaml", "/work/clouds.yaml", "/home/op/.config/openstack/clouds.yaml", "/etc/openstack/clouds.yaml"],
            Loader(files, new() { ["HOME"] = "/home/op", ["OS_CLIENT_CONFIG_FILE"] = "/explicit.yaml" }).SearchPaths("clouds.yaml"));
    }

    [Fact]
    public void Load_XdgConfigHome_ReplacesHomeConfig()
    {
        // Given XDG_CONFIG_HOME and a clouds.yaml under it
        var loader = Loader(new() { ["/xdg/openstack/clouds.yaml"] = Clouds }, new() { ["HOME"] = "/home/op", ["XDG_CONFIG_HOME"] = "/xdg" });

        // When / Then the file is found there
        Assert.Equal("/xdg/openstack/clouds.yaml", loader.Load("local").Origin);
    }

    [Fact]
    public void Load_SecureYaml_MergedOverClouds()
    {
        // Given the application credential's secret in secure.yaml next to clouds.yaml
        var loader = Loader(new()
        {
            ["/etc/openstack/clouds.yaml"] = Clouds,
            ["/etc/openstack/secure.yaml"] = "clouds:\n  appcred:\n    auth:\n      application_credential_secret: from-secure\n",
        });

        // When the cloud is loaded
        var cloud = loader.Load("appcred");

        // Then the secret comes from secure.yaml and verify: false is kept
        Assert.Equal(AuthKind.ApplicationCredential, cloud.AuthKind);
        Assert.Equal("abc", cloud.ApplicationCredentialId);
        Assert.Equal("from-secure", cloud.ApplicationCredentialSecret!.Reveal());
        Assert.False(cloud.Verify);
        Assert.Contains("secure.yaml", cloud.Origin, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_OsCloudVariableAndEnvironment_FileWinsEnvironmentFillsGaps()
    {
        // Given OS_CLOUD=prod and OS_* variables for another cloud, plus a password the file lacks
        var withoutPassword = Clouds.Replace("      password: from-file-secret\n", "", StringComparison.Ordinal);
        var loader = Loader(new() { ["/work/clouds.yaml"] = withoutPassword }, new()
        {
            ["OS_CLOUD"] = "prod", ["OS_AUTH_URL"] = "https://other.example:5000", ["OS_PASSWORD"] = "env-secret", ["OS_REGION_NAME"] = "Elsewhere",
        });

        // When no cloud name is given explicitly
        var cloud = loader.Load(null);

        // Then OS_CLOUD picks the entry, its values win, and OS_PASSWORD fills the missing password
        Assert.Equal("prod", cloud.Name);
        Assert.Equal("https://keystone.example:5000", cloud.AuthUrl);
        Assert.Equal("RegionOne", cloud.RegionName);
        Assert.Equal("env-secret", cloud.Password!.Reveal());
    }

    [Fact]
    public void Load_OnlyEnvironment_BuildsEnvvarsCloud()
    {
        // Given only OS_* variables, including OS_INSECURE and OS_CACERT
        var loader = Loader([], new()
        {
            ["OS_AUTH_URL"] = "https://k:5000/v3", ["OS_USERNAME"] = "u", ["OS_PASSWORD"] = "p", ["OS_PROJECT_ID"] = "pid",
            ["OS_USER_DOMAIN_NAME"] = "Default", ["OS_INTERFACE"] = "admin", ["OS_CACERT"] = "/ca.pem", ["OS_INSECURE"] = "false",
        });

        // When loading without a cloud name
        var cloud = loader.Load(null);

        // Then the variables make the cloud
        Assert.Equal("envvars", cloud.Name);
        Assert.Equal("pid", cloud.ProjectId);
        Assert.Equal("admin", cloud.Interface);
        Assert.Equal("/ca.pem", cloud.CaCertFile);
        Assert.True(cloud.Verify);
        Assert.False(Loader([], new() { ["OS_AUTH_TYPE"] = "none", ["OS_ENDPOINT"] = "http://x", ["OS_INSECURE"] = "true" }).Load(null).Verify);
    }

    [Fact]
    public void Load_NoAuth_NeedsEndpoint()
    {
        // Given auth_type none without an endpoint
        var loader = Loader([], new() { ["OS_AUTH_TYPE"] = "none" });

        // When / Then loading says what is missing
        var error = Assert.Throws<OpenStackException>(() => loader.Load(null));
        Assert.Contains("endpoint", error.Message, StringComparison.Ordinal);
        Assert.Equal("http://127.0.0.1:9876", Loader(new() { ["/work/clouds.yaml"] = Clouds }).Load("local").Endpoint);
    }

    [Fact]
    public void Load_UnknownCloud_ListsKnownOnes()
    {
        // Given a clouds.yaml without the asked cloud
        var loader = Loader(new() { ["/work/clouds.yaml"] = Clouds });

        // When / Then the error names the file and the clouds it has
        var error = Assert.Throws<OpenStackException>(() => loader.Load("staging"));
        Assert.Contains("/work/clouds.yaml: no cloud named 'staging'", error.Message, StringComparison.Ordinal);
        Assert.Contains("prod, appcred, local", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingSettings_NamesThemWithoutTheSecret()
    {
        // Given a password cloud without a project, and a password in the environment
        var loader = Loader([], new() { ["OS_AUTH_URL"] = "https://k", ["OS_USERNAME"] = "u", ["OS_PASSWORD"] = "hunter2-secret", ["OS_USER_DOMAIN_NAME"] = "D" });

        // When / Then the message names the missing project and never the password
        var error = Assert.Throws<OpenStackException>(() => loader.Load(null));
        Assert.Contains("project_name", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2-secret", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnsupportedAuthType_SaysWhichAreSupported()
    {
        // Given auth_type token
        var loader = Loader([], new() { ["OS_AUTH_TYPE"] = "token" });

        // When / Then
        var error = Assert.Throws<OpenStackException>(() => loader.Load(null));
        Assert.Contains("password, v3applicationcredential or none", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CloudConfig_Printed_RedactsSecrets()
    {
        // Given a cloud with a password and an application credential secret
        var cloud = Loader(new() { ["/work/clouds.yaml"] = Clouds }).Load("prod") with { ApplicationCredentialSecret = new Secret("cred-secret-xyz") };

        // When the record is printed (as a careless log line would)
        var text = cloud.ToString();

        // Then neither secret shows
        Assert.DoesNotContain("from-file-secret", text, StringComparison.Ordinal);
        Assert.DoesNotContain("cred-secret-xyz", text, StringComparison.Ordinal);
        Assert.Contains("***", text, StringComparison.Ordinal);
    }
}
