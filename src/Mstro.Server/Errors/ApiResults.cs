using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Mstro.Protocol;

namespace Mstro.Server.Errors;

/// <summary>Every response body the server writes goes through here: source-generated JSON, and for errors
/// <see cref="ErrorResponse"/> with a fixed code and a message written by us (never an exception's text).</summary>
internal static class ApiResults
{
    public static IResult Unauthorized(string message) =>
        new JsonResult<ErrorResponse>(StatusCodes.Status401Unauthorized, new ErrorResponse("unauthorized", message),
            ProtocolJsonContext.Default.ErrorResponse, WwwAuthenticate: "Bearer");

    public static IResult Forbidden(string message) => Error(StatusCodes.Status403Forbidden, "forbidden", message);

    public static IResult BadRequest(string message) => Error(StatusCodes.Status400BadRequest, "bad-request", message);

    public static IResult PayloadTooLarge(long limit) =>
        Error(StatusCodes.Status413PayloadTooLarge, "payload-too-large", $"the request body is larger than {limit} bytes");

    public static IResult UnsupportedMediaType() =>
        Error(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type", "the request body must be application/json");

    public static IResult Error(int status, string error, string message) =>
        new JsonResult<ErrorResponse>(status, new ErrorResponse(error, message), ProtocolJsonContext.Default.ErrorResponse);

    public static IResult Json<T>(int status, T value, JsonTypeInfo<T> typeInfo) => new JsonResult<T>(status, value, typeInfo);

    public static Task Write(HttpContext context, int status, string error, string? message, string? errorId = null) =>
        WriteJson(context, status, new ErrorResponse(error, message, errorId), ProtocolJsonContext.Default.ErrorResponse);

    /// <summary>Serialized first, then sent with a Content-Length (not chunked): every answer is small, and the hook's
    /// minimal client reads exactly that.</summary>
    private static Task WriteJson<T>(HttpContext context, int status, T value, JsonTypeInfo<T> typeInfo)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = bytes.Length;
        return response.Body.WriteAsync(bytes, context.RequestAborted).AsTask();
    }

    private sealed record JsonResult<T>(int Status, T Value, JsonTypeInfo<T> TypeInfo, string? WwwAuthenticate = null) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            if (WwwAuthenticate is not null) httpContext.Response.Headers.WWWAuthenticate = WwwAuthenticate;
            return WriteJson(httpContext, Status, Value, TypeInfo);
        }
    }
}
