using System.Text.Json.Nodes;

namespace Simulator.Fakes.Dcmanager;

/// <summary>What the fake answers: 200 with a JSON body, or an error status with dcmanager's text (rendered by <see cref="PecanErrors"/>).</summary>
internal sealed record DcAnswer(int Status, JsonNode? Body, string? Error = null)
{
    public static DcAnswer Ok(JsonNode body) => new(200, body);

    public static DcAnswer BadRequest(string text) => new(400, null, text);

    public static DcAnswer NotFound(string text) => new(404, null, text);

    public static DcAnswer Unprocessable(string text) => new(422, null, text);
}
