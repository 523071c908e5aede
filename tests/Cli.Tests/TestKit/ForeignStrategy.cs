using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Cli.Tests.TestKit;

/// <summary>Another operator's strategy, created straight through the fake's Keystone and dcmanager API.</summary>
internal static class ForeignStrategy
{
    public static async Task CreateAsync(DcmanagerLab lab, string type)
    {
        var yaml = await File.ReadAllTextAsync(lab.Environment()["OS_CLIENT_CONFIG_FILE"]!);
        var password = yaml.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith("password: ", StringComparison.Ordinal))["password: ".Length..];
        using var http = new HttpClient { BaseAddress = lab.Fake.Url };
        var auth = new JsonObject
        {
            ["auth"] = new JsonObject
            {
                ["identity"] = new JsonObject
                {
                    ["methods"] = new JsonArray("password"),
                    ["password"] = new JsonObject { ["user"] = new JsonObject { ["name"] = "admin", ["domain"] = new JsonObject { ["name"] = "Default" }, ["password"] = password } },
                },
                ["scope"] = new JsonObject { ["project"] = new JsonObject { ["name"] = "admin", ["domain"] = new JsonObject { ["name"] = "Default" } } },
            },
        };
        using var token = await http.PostAsJsonAsync("v3/auth/tokens", auth);
        Assert.Equal(System.Net.HttpStatusCode.Created, token.StatusCode);
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1.0/sw-update-strategy") { Content = JsonContent.Create(new JsonObject { ["type"] = type }) };
        request.Headers.Add("X-Auth-Token", token.Headers.GetValues("X-Subject-Token").Single());
        using var created = await http.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.OK, created.StatusCode);
    }
}
