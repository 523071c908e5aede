using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Simulator.Fakes.Keystone;

namespace Simulator.Fakes.Dcmanager;

/// <summary>
/// The HTTP face of the fake (CONTRACTS §3.2): Keystone's token endpoint, then dcmanager's <c>/v1.0</c> routes behind
/// a token check and dcmanager's policy (writes need admin or configurator on project admin or services; a
/// system-scoped token has no project and is refused). Every success is 200 with JSON.
/// </summary>
internal sealed class DcmanagerApi(DcmanagerModel model, FakeKeystone keystone)
{
    private static readonly string[] WriteRoles = ["admin", "configurator"];
    private static readonly string[] ReadRoles = ["admin", "configurator", "operator", "reader"];
    private static readonly string[] Projects = ["admin", "services"];

    /// <summary>Every request the fake served, as <c>METHOD /path?query -> status</c> (never a token).</summary>
    public List<string> Requests { get; } = [];

    public async Task HandleAsync(HttpContext context)
    {
        if (await keystone.TryHandleAsync(context))
        {
            return;
        }

        var request = context.Request;
        var path = request.Path.Value ?? "/";
        if (!path.StartsWith("/v1.0/", StringComparison.Ordinal))
        {
            await WriteAsync(context, new DcAnswer(404, null, "The resource could not be found."));
            return;
        }

        var token = keystone.Validate(request.Headers["X-Auth-Token"].FirstOrDefault());
        if (token is null)
        {
            await FakeKeystone.RejectAsync(context);
            return;
        }

        var write = !HttpMethods.IsGet(request.Method);
        if (token.Project is not { } project || !Projects.Contains(project) || !token.Roles.Any((write ? WriteRoles : ReadRoles).Contains))
        {
            await WriteAsync(context, new DcAnswer(403, null, "Access denied"));
            return;
        }

        var answer = await RouteAsync(context, path["/v1.0".Length..].TrimEnd('/'));
        lock (Requests)
        {
            Requests.Add($"{request.Method} {path}{request.QueryString} -> {answer.Status}");
        }

        await WriteAsync(context, answer);
    }

    private async Task<DcAnswer> RouteAsync(HttpContext context, string path)
    {
        var method = context.Request.Method;
        var type = context.Request.Query["type"].FirstOrDefault();
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return (method, segments) switch
        {
            ("POST", ["sw-update-strategy"]) => model.Create(await BodyAsync(context)),
            ("GET", ["sw-update-strategy"]) => model.GetStrategy(type),
            ("DELETE", ["sw-update-strategy"]) => model.Delete(type),
            ("POST", ["sw-update-strategy", "actions"]) => model.Act(type, await BodyAsync(context)),
            ("GET", ["sw-update-strategy", "steps"]) => model.GetSteps(null),
            ("GET", ["sw-update-strategy", "steps", var cloud]) => model.GetSteps(cloud),
            ("GET", ["subclouds"]) => model.ListSubclouds(),
            ("GET", ["subcloud-groups"]) => model.ListGroups(),
            ("GET", ["subclouds", var id]) => model.GetSubcloud(id, detail: false),
            ("GET", ["subclouds", var id, "detail"]) => model.GetSubcloud(id, detail: true),
            (_, ["sw-update-strategy", ..] or ["subclouds", ..]) => new DcAnswer(405, null, $"The method {method} is not allowed for this resource."),
            _ => DcAnswer.NotFound("The resource could not be found."),
        };
    }

    private static async Task<JsonNode?> BodyAsync(HttpContext context)
    {
        try
        {
            return await JsonNode.ParseAsync(context.Request.Body);
        }
        catch (JsonException)
        {
            return null; // dcmanager: "Body required" for a body it cannot read.
        }
    }

    private static async Task WriteAsync(HttpContext context, DcAnswer answer)
    {
        context.Response.StatusCode = answer.Status;
        if (answer.Error is { } error)
        {
            var (contentType, body) = PecanErrors.Render(answer.Status, error, context.Request.Headers.Accept.ToString());
            context.Response.ContentType = contentType;
            await context.Response.WriteAsync(body);
            return;
        }

        if (answer.Body is { } json)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(json.ToJsonString());
        }
    }
}
