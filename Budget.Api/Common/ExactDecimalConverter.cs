using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Budget.Api.Common;

/// <summary>
/// Reads a JSON number into a <see cref="decimal"/> only when it fits exactly. The built-in reader rounds numbers with
/// more than 28 significant digits (1.00000000000000000000000000001 became 1) and turns tiny ones into 0 (1e-400), so
/// a request could mean one amount and store another; such a number is refused, naming its field. Any zero, however
/// written (-0, 0.0e-9999), is read as plain 0.
/// </summary>
public sealed class ExactDecimalConverter : JsonConverter<decimal>
{
    private const int MaxNumberLength = 64;

    public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            throw new JsonException("Expected a number.");
        }
        var length = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
        if (length > MaxNumberLength)
        {
            throw new JsonException("The number is written with too many characters.");
        }
        var text = reader.HasValueSequence ? Encoding.ASCII.GetString(reader.ValueSequence.ToArray()) : Encoding.ASCII.GetString(reader.ValueSpan);
        var digits = SignificantDigits(text);
        if (digits.Length == 0)
        {
            return 0m;
        }
        if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            || SignificantDigits(value.ToString(CultureInfo.InvariantCulture)) != digits)
        {
            throw new JsonException("The number cannot be kept exactly.");
        }
        return value;
    }

    public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options) => writer.WriteNumberValue(value);

    /// <summary>A custom converter hides the type from the OpenAPI generator: say again that these are JSON numbers.</summary>
    public static Task DescribeAsNumber(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        if (type == typeof(decimal))
        {
            schema.Type = JsonSchemaType.Number;
            schema.Format = "double";
        }
        else if (type == typeof(decimal?))
        {
            schema.Type = JsonSchemaType.Null | JsonSchemaType.Number;
            schema.Format = "double";
        }
        return Task.CompletedTask;
    }

    /// <summary>The digits of the significand without leading or trailing zeros: "-0012.3400e5" is "1234".</summary>
    private static string SignificantDigits(string number)
    {
        var exponent = number.IndexOfAny(['e', 'E']);
        var significand = exponent < 0 ? number : number[..exponent];
        return new string(significand.Where(char.IsAsciiDigit).ToArray()).Trim('0');
    }
}
