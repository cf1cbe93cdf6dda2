using System.Runtime.InteropServices;
using System.Text.Json;
using Mstro.Bouncer.Hook;

namespace Mstro.Server.Api;

/// <summary>The <c>payload</c> field of a request: a Claude Code hook payload, checked with the bouncer's own parser
/// so the server and the hook agree on what a valid payload is.</summary>
internal static class PayloadReader
{
    public static HookPayload? Read(JsonElement payload, out string? problem)
    {
        if (payload.ValueKind == JsonValueKind.Undefined)
        {
            problem = "field \"payload\" is missing";
            return null;
        }
        if (payload.ValueKind != JsonValueKind.Object)
        {
            problem = "field \"payload\" must be a JSON object (the hook payload)";
            return null;
        }
        try
        {
            problem = null;
            return HookPayload.Parse(JsonMarshal.GetRawUtf8Value(payload));
        }
        catch (HookPayloadException e)
        {
            // The bouncer's messages name the field and never echo more than a short excerpt of the input.
            problem = $"payload: {e.Message}";
            return null;
        }
    }
}
