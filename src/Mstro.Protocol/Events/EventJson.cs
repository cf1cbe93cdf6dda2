using System.Buffers;
using System.Text.Json;

namespace Mstro.Protocol.Events;

/// <summary>The feed's event envelope: <c>{"seq":N,"type":"verdict","time":"…","data":{…}}</c>, one line of UTF-8 JSON.</summary>
public static class EventJson
{
    public static byte[] Envelope(long seq, DateTimeOffset time, EventData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("seq", seq);
            writer.WriteString("type", data.Type);
            writer.WriteString("time", time.ToUniversalTime());
            writer.WritePropertyName("data");
            data.WriteJson(writer);
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
