using System.Text.Json;
using System.Text.Json.Serialization;

namespace Budget.Api.Common;

/// <summary>Enums travel as lower-case names ("income", "monthly"); numbers are refused so no undefined value gets in.</summary>
public sealed class LowercaseEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.CamelCase, allowIntegerValues: false)
    where TEnum : struct, Enum;
