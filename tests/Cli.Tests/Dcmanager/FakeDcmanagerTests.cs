using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cli.Tests.TestKit;
using Executor.Dcmanager;
using Planner.Diagnostics;
using Planner.Plans;
using Simulator.Behaviour;
using Simulator.Fakes.Dcmanager;

namespace Cli.Tests.Dcmanager;

/// <summary>The fake system controller against CONTRACTS §3: status codes, dcmanager's texts, error bodies by Accept, string booleans, times.</summary>
public sealed class FakeDcmanagerTests : IAsyncLifetime
{
    private FakeDcmanager _fake = null!;
    private HttpClient _http = null!;
    private string _token = "";

    public async Task InitializeAsync() => await StartAsync(DcmanagerRelease.V12);

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _fake.DisposeAsync();
    }

    [Theory]
    [InlineData("""{"type": "kube-rootca-update", "stop-on-failure": true}""", "stop-on-failure invalid")]
    [InlineData("""{"stop-on-failure": "true"}""", "type required")]
    [InlineData("""{"type": "kube-rootca-updates"}""", "type invalid")]
    [InlineData("""{"type": "kube-rootca-update", "subcloud-apply-type": "random"}""", "subcloud-apply-type invalid")]
    [InlineData("""{"type": "kube-rootca-update", "max-parallel-subclouds": 5001}""", "Invalid max-parallel-subclouds value: 5001. For kube-rootca-update strategy, the value must be between 1 and 5000.")]
    [InlineData("""{"type": "kube-rootca-update", "max-parallel-subclouds": "x"}""", "max-parallel-subclouds invalid value. Value: x")]
    [InlineData("""{"type": "kube-rootca-update", "cloud_name": "subcloud01", "subcloud_group": "edge-east"}""", "cloud_name and subcloud_group are mutually exclusive")]
    [InlineData("""{"type": "kube-rootca-update", "subcloud_group": "edge-east", "max-parallel-subclouds": 3}""", "subcloud-apply-type and max-parallel-subclouds are not allowed when subcloud_group is provided")]
    [InlineData("""{"type": "kube-rootca-update", "subcloud_group": "nowhere"}""", "Invalid group_id")]
    public async Task Create_InvalidPayload_400WithDcmanagersText(string body, string text)
    {
        var (status, message, _) = await SendAsync(HttpMethod.Post, "v1.0/sw-update-strategy", body, json: true);
        Assert.Equal((HttpStatusCode.BadRequest, text), (status, message));
        Assert.Null(_fake.Model.StrategyState);
    }

    [Theory]
    [InlineData("""{"type": "kube-rootca-update", "cloud_name": "subcloud99"}""", "Subcloud subcloud99 does not exist")]
    [InlineData("""{"type": "kube-rootca-update", "cloud_name": "subcloud05"}""", "Subcloud subcloud05 does not require kube-rootca update")]
    [InlineData("""{"type": "kube-rootca-update", "cloud_name": "subcloud05", "force": true}""", "Subcloud subcloud05 does not require kube-rootca update")]
    [InlineData("""{"type": "kube-rootca-update", "expiry-date": "2025-13-01"}""", "expiry_date 2025-13-01 doesn't match format YYYY-MM-DD")]
    [InlineData("""{"type": "kube-rootca-update", "subject": "C=CA O=Example"}""", "The CN=<commonName> parameter is required to be specified in subject argument")]
    [InlineData("""{"type": "kube-rootca-update", "cloud_name": "subcloud07"}""", "Strategy has no steps to apply")]
    public async Task Create_OrchestratorRefuses_422(string body, string reason)
    {
        var (status, message, _) = await SendAsync(HttpMethod.Post, "v1.0/sw-update-strategy", body, json: true);
        Assert.Equal((HttpStatusCode.UnprocessableEntity, $"Unable to create strategy of type 'kube-rootca-update': Bad strategy request: {reason}"), (status, message));
    }

    [Fact]
    public async Task Errors_HtmlByDefault_JsonWhenAccepted()
    {
        var (_, _, html) = await SendAsync(HttpMethod.Get, "v1.0/sw-update-strategy?type=kube-rootca-update", null, json: false);
        var (status, message, json) = await SendAsync(HttpMethod.Get, "v1.0/sw-update-strategy?type=kube-rootca-update", null, json: true);
        Assert.Equal((HttpStatusCode.NotFound, "Strategy of type 'kube-rootca-update' not found"), (status, message));
        Assert.StartsWith("<html>", html, StringComparison.Ordinal);
        Assert.Contains("<h1>404 Not Found</h1>", html, StringComparison.Ordinal);
        Assert.Equal("404 Not Found", JsonNode.Parse(json)!["code"]!.GetValue<string>());
        Assert.Equal("Strategy of type 'kube-rootca-update' not found", DcmanagerClient.ErrorText(html));
    }

    [Fact]
    public async Task Strategy_OneAtATime_ActionsGuarded_TimesInBothFormats()
    {
        // create: 200 with ISO times; a second create of any type: 422; abort before apply: 422
        var (status, _, created) = await SendAsync(HttpMethod.Post, "v1.0/sw-update-strategy", """{"type": "kube-rootca-update", "stop-on-failure": "false"}""", json: true);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$", JsonNode.Parse(created)!["created-at"]!.GetValue<string>());
        Assert.False(JsonNode.Parse(created)!["stop-on-failure"]!.GetValue<bool>());
        var (second, text, _) = await SendAsync(HttpMethod.Post, "v1.0/sw-update-strategy", """{"type": "prestage"}""", json: true);
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "Unable to create strategy of type 'prestage': Bad strategy request: Strategy of type: 'kube-rootca-update' already exists"), (second, text));
        var (abort, abortText, _) = await SendAsync(HttpMethod.Post, "v1.0/sw-update-strategy/actions?type=kube-rootca-update", """{"action": "abort"}""", json: true);
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "Unable to abort strategy of type 'kube-rootca-update': Bad strategy request: Strategy in state initial cannot be aborted"), (abort, abortText));

        // GET: str(datetime) with a space; steps created in stage Create
        var (_, _, shown) = await SendAsync(HttpMethod.Get, "v1.0/sw-update-strategy?type=kube-rootca-update", null, json: true);
        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$", JsonNode.Parse(shown)!["created-at"]!.GetValue<string>());
        var (_, _, step) = await SendAsync(HttpMethod.Get, "v1.0/sw-update-strategy/steps/subcloud01", null, json: true);
        Assert.Equal(("Create", "initial"), (JsonNode.Parse(step)!["stage"]!.GetValue<string>(), JsonNode.Parse(step)!["state"]!.GetValue<string>()));
        var (missing, missingText, _) = await SendAsync(HttpMethod.Get, "v1.0/sw-update-strategy/steps/subcloud05", null, json: true);
        Assert.Equal((HttpStatusCode.NotFound, "Strategy step not found"), (missing, missingText));

        // delete: 200 in deleting, then 404
        var (deleted, _, deleting) = await SendAsync(HttpMethod.Delete, "v1.0/sw-update-strategy?type=kube-rootca-update", null, json: true);
        Assert.Equal((HttpStatusCode.OK, "deleting"), (deleted, JsonNode.Parse(deleting)!["state"]!.GetValue<string>()));
        await Until(() => _fake.Model.StrategyState is null);
    }

    [Fact]
    public async Task Release10_ForceMustBeAString_AndStopOnFailureWaitsForInFlightSteps()
    {
        await DisposeAsync();
        await StartAsync(DcmanagerRelease.V10, "  targets:\n    subcloud01: {fault: fails, duration: {fixed: 60s}}\n    subcloud02: {duration: {fixed: 3000s}}\n");
        var (status, text, _) = await SendAsync(HttpMethod.Post, "v1.0/sw-update-strategy", """{"type": "kube-rootca-update", "force": true}""", json: true);
        Assert.Equal((HttpStatusCode.BadRequest, "force invalid"), (status, text));

        await SendAsync(HttpMethod.Post, "v1.0/sw-update-strategy", """{"type": "kube-rootca-update", "stop-on-failure": "true", "cloud_name": null}""", json: true);
        await SendAsync(HttpMethod.Post, "v1.0/sw-update-strategy/actions?type=kube-rootca-update", """{"action": "apply"}""", json: true);
        await Until(() => _fake.Model.StepState("subcloud01") == "failed");
        Assert.Equal("applying", _fake.Model.StrategyState); // 10.0: until subcloud02 ends
        Assert.Equal("kube rootca update pre check", Phases(DcmanagerRelease.V10)[0]);
        await Until(() => _fake.Model.StrategyState == "failed");
        Assert.Equal("complete", _fake.Model.StepState("subcloud02"));
        Assert.Equal("initial", _fake.Model.StepState("subcloud03"));
    }

    [Fact]
    public async Task SubcloudGoesOfflineDuringItsUpdate_StepFailsAndTheSubcloudShowsOffline()
    {
        await DisposeAsync();
        await StartAsync(DcmanagerRelease.V11, "  targets:\n    subcloud01: {fault: offline}\n");
        await SendAsync(HttpMethod.Post, "v1.0/sw-update-strategy", """{"type": "kube-rootca-update", "cloud_name": "subcloud01"}""", json: true);
        await SendAsync(HttpMethod.Post, "v1.0/sw-update-strategy/actions?type=kube-rootca-update", """{"action": "apply"}""", json: true);
        await Until(() => _fake.Model.StrategyState == "failed");
        var (_, _, step) = await SendAsync(HttpMethod.Get, "v1.0/sw-update-strategy/steps/subcloud01", null, json: true);
        Assert.Contains("Subcloud subcloud01 is offline", JsonNode.Parse(step)!["details"]!.GetValue<string>(), StringComparison.Ordinal);
        var (_, _, subcloud) = await SendAsync(HttpMethod.Get, "v1.0/subclouds/subcloud01/detail", null, json: true);
        Assert.Equal(("offline", "unavailable"), (JsonNode.Parse(subcloud)!["availability-status"]!.GetValue<string>(), JsonNode.Parse(subcloud)!["oam_floating_ip"]!.GetValue<string>()));
    }

    private static string[] Phases(DcmanagerRelease release) => [.. release.Phases(certFile: false).Select(p => p.State)];

    private async Task StartAsync(DcmanagerRelease release, string? behaviour = null)
    {
        var path = Path.Combine(Repository.Root, "plans", "clusters", "dc-central.yaml");
        var text = await File.ReadAllTextAsync(path) + (behaviour is null ? "" : "behaviour:\n" + behaviour);
        var file = Path.Combine(Path.GetTempPath(), $"mplan-fake-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, text);
        var diagnostics = new DiagnosticBag();
        var cluster = PlanBuilder.LoadCluster(file, new FileSystemSource(), diagnostics)!;
        File.Delete(file);
        _fake = await FakeDcmanager.StartAsync(cluster, BehaviourBinder.Bind(cluster, diagnostics), release, new IPEndPoint(IPAddress.Loopback, 0), 200, TimeProvider.System);
        _http = new HttpClient { BaseAddress = _fake.Url };
        var password = _fake.CloudsYaml("x").Split('\n').Select(l => l.Trim()).First(l => l.StartsWith("password: ", StringComparison.Ordinal))["password: ".Length..];
        var auth = JsonNode.Parse($$$$$$"""{"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "admin", "domain": {"name": "Default"}, "password": "{{{{{{password}}}}}}"}}}, "scope": {"project": {"name": "admin", "domain": {"name": "Default"}}}}}""");
        using var response = await _http.PostAsJsonAsync("v3/auth/tokens", auth);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        _token = response.Headers.GetValues("X-Subject-Token").Single();
    }

    private async Task<(HttpStatusCode Status, string? Message, string Body)> SendAsync(HttpMethod method, string path, string? body, bool json)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Auth-Token", _token);
        if (json)
        {
            request.Headers.Add("Accept", "application/json");
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        }

        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, response.StatusCode == HttpStatusCode.OK ? null : DcmanagerClient.ErrorText(text), text);
    }

    private static async Task Until(Func<bool> condition)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "the fake did not get there within 30 s");
            await Task.Delay(20);
        }
    }
}
