using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Budget.Api.Common;

/// <summary>
/// Checks a request's fields and converts them to what is stored (trimmed text, minor units) in one pass, collecting
/// every error under the JSON name of the field at fault so the answer is one RFC 7807 ValidationProblem.
/// </summary>
public sealed class Validator(Currency currency)
{
    private readonly Dictionary<string, List<string>> _errors = [];

    public Currency Currency => currency;

    public bool IsValid => _errors.Count == 0;

    public void Error(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }
        messages.Add(message);
    }

    /// <summary>How many fields have errors so far.</summary>
    public int ErrorCount => _errors.Count;

    /// <summary>Copies these errors into <paramref name="target"/>, each field named under <paramref name="path"/> (a JSON path such as <c>profiles[0].nodes[2]</c>).</summary>
    public void CopyTo(Validator target, string path)
    {
        foreach (var (field, messages) in _errors)
        {
            foreach (var message in messages)
            {
                target.Error(field == "$" ? path : $"{path}.{field}", message);
            }
        }
    }

    public ValidationProblem Problem() =>
        TypedResults.ValidationProblem(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));

    public long Money(string field, decimal majorUnits, AmountRule rule)
    {
        if (!Common.Money.TryToMinor(majorUnits, currency, rule, out var minorUnits, out var error))
        {
            Error(field, error!);
        }
        return minorUnits;
    }

    /// <summary>Trimmed text of at most <paramref name="maxLength"/> characters; required text may not be blank.</summary>
    public string Text(string field, string? value, int maxLength)
    {
        var trimmed = value?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            Error(field, "Required.");
        }
        else
        {
            CheckText(field, trimmed, maxLength);
        }
        return trimmed;
    }

    /// <summary>Like <see cref="Text"/>, but blank becomes null.</summary>
    public string? OptionalText(string field, string? value, int maxLength)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return null;
        }
        CheckText(field, trimmed, maxLength);
        return trimmed;
    }

    public DateOnly Date(string field, DateOnly value)
    {
        if (value < Dates.Earliest || value > Dates.Latest)
        {
            Error(field, $"Must be between {Dates.Earliest:yyyy-MM-dd} and {Dates.Latest:yyyy-MM-dd}.");
        }
        return value;
    }

    /// <summary>A required id sent as text (a form field): a positive whole number.</summary>
    public long Id(string field, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            Error(field, "Required.");
        }
        else if (long.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) && id > 0)
        {
            return id;
        }
        else
        {
            Error(field, "Must be an id (a whole number).");
        }
        return 0;
    }

    /// <summary>An optional whole number from the query string (bound as text so a typo gets a named error).</summary>
    public int? QueryInt(string field, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        if (int.TryParse(value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }
        Error(field, "Must be a whole number.");
        return null;
    }

    public int Range(string field, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            Error(field, $"Must be between {min} and {max}.");
        }
        return value;
    }

    public TEnum Defined<TEnum>(string field, TEnum value) where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            Error(field, "Unknown value.");
        }
        return value;
    }

    /// <summary>A JSON object (or nothing), stored as its compact text.</summary>
    public string? JsonObject(string field, JsonElement? value, int maxLength)
    {
        if (value is not { } element || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (element.ValueKind != JsonValueKind.Object)
        {
            Error(field, "Must be a JSON object.");
            return null;
        }
        // GetRawText would keep the client's layout; the stored text (and the limit) is the compact form.
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            element.WriteTo(writer);
        }
        var text = System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
        if (text.Length > maxLength)
        {
            Error(field, $"Must be at most {maxLength} characters of JSON.");
        }
        return text;
    }

    private void CheckText(string field, string value, int maxLength)
    {
        if (value.Length > maxLength)
        {
            Error(field, $"Must be at most {maxLength} characters.");
        }
        else if (value.Any(char.IsControl))
        {
            Error(field, "Must not contain control characters.");
        }
    }
}
