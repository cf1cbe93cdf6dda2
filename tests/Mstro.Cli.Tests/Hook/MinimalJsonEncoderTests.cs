using System.Buffers;
using System.Text;
using System.Text.Json;
using Mstro.Hook.Audit;

namespace Mstro.Cli.Tests.Hook;

/// <summary>The encoder of the hook's answer and audit lines: what it writes reads back as the same text, and no raw
/// control character (a line break, ESC, DEL, C1) ever reaches the output.</summary>
public class MinimalJsonEncoderTests
{
    private static readonly string[] Pieces =
    [
        "rm -rf ./bin", "\"", "\\", "\n", "\r", "\t", "\b", "\f", "\u0000", "\u001b[31m", "\u007f", "\u0085", "\u009b", "é", "€",
        "中文", "😀", "\u2028", "\u2029", "<script>", "&", "'", "+", "/", "\uFEFF", "\u202E",
    ];

    [Fact]
    public void WhatItWritesReadsBackAsTheSameTextWithNoRawControlCharacter()
    {
        var random = new Random(7);
        for (var round = 0; round < 2000; round++)
        {
            var text = new StringBuilder();
            for (var i = random.Next(0, 40); i > 0; i--) text.Append(Pieces[random.Next(Pieces.Length)]);
            var original = text.ToString();

            var json = Write(original);
            Assert.Equal(original, JsonDocument.Parse(json).RootElement.GetProperty("v").GetString());
            var written = Encoding.UTF8.GetString(json);
            Assert.DoesNotContain(written, c => c < 0x20 || c is >= '\u007f' and <= '\u009f' or '\u2028' or '\u2029');
        }
    }

    [Fact]
    public void NonAsciiTextStaysReadableAndQuotesAreEscapedShort()
    {
        Assert.Equal("{\"v\":\"é 😀 \\\" \\\\ \\n \\u001B \\u0085\"}", Encoding.UTF8.GetString(Write("é 😀 \" \\ \n \u001b \u0085")));
    }

    [Fact]
    public void ALoneSurrogateBecomesTheReplacementCharacter()
    {
        Assert.Equal("a\uFFFDb", JsonDocument.Parse(Write("a\ud800b")).RootElement.GetProperty("v").GetString());
    }

    private static byte[] Write(string value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = MinimalJsonEncoder.Instance }))
        {
            writer.WriteStartObject();
            writer.WriteString("v", value);
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
