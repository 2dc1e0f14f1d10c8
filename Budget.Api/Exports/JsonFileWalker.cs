using System.Buffers;
using System.Text.Json;

namespace Budget.Api.Exports;

/// <summary>
/// Reads a JSON document from a file a buffer at a time and hands out the values at one path, such as every
/// <c>profiles[*].budgets[*].transactions[*]</c>, one by one, each copied into a small JSON text of its own for
/// <see cref="JsonSerializer"/>. So a restore holds one element at a time however large the file is. Each walk reads
/// the file from its start; what lies off the path is skipped token by token without being kept.
/// </summary>
internal sealed class JsonFileWalker(Stream file, JsonReaderOptions options)
{
    /// <summary>"*" in a path stands for any index of an array.</summary>
    public const string AnyIndex = "*";

    /// <summary>The longest element handed out (a node's metadata, a budget with its schedules are a few KiB).</summary>
    private const int MaxElementBytes = 1 << 20;

    /// <summary>One value at the path: the array indices the path's "*" stood for, its JSON path, and its text.</summary>
    /// <remarks><see cref="Json"/> is valid until the walk moves on.</remarks>
    public sealed record Element(int[] Indices, string Path, ReadOnlyMemory<byte> Json);

    private byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;
    private bool _final;
    private JsonReaderState _state;
    private readonly ArrayBufferWriter<byte> _element = new();

    // The token last read: its type, a property's name, and where a string or number lies in the buffer.
    private JsonTokenType _token;
    private string? _name;
    private int _valueStart;
    private int _valueLength;

    /// <summary>
    /// The values at <paramref name="path"/> (property names, or <see cref="AnyIndex"/>; empty for the whole document).
    /// A property of such a value named in <paramref name="leftOut"/> is handed out as an empty array (or object)
    /// when it is one, so an element's large arrays can be walked on their own. Throws <see cref="JsonException"/>
    /// when the file is not JSON or an element is longer than 1 MiB.
    /// </summary>
    public IEnumerable<Element> Elements(string[] path, params string[] leftOut)
    {
        Rewind();
        // One entry per open object or array above the current value: the property name, or the index.
        var names = new List<string?>();
        var indices = new List<int>();
        while (Next())
        {
            if (_token == JsonTokenType.PropertyName)
            {
                names[^1] = _name;
                continue;
            }
            if (_token is JsonTokenType.EndObject or JsonTokenType.EndArray)
            {
                names.RemoveAt(names.Count - 1);
                indices.RemoveAt(indices.Count - 1);
                continue;
            }
            if (indices.Count > 0 && names[^1] is null)
            {
                indices[^1]++;
            }
            var matches = Matches(path, names, indices);
            if (matches && names.Count == path.Length)
            {
                var found = indices.Where((_, i) => path[i] == AnyIndex).ToArray();
                yield return new Element(found, PathOf(names, indices), Copy(leftOut));
            }
            else if (matches && _token is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                names.Add(_token == JsonTokenType.StartObject ? "" : null);
                indices.Add(-1);
            }
            else if (_token is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                SkipValue();
            }
        }
    }

    /// <summary>Whether the current value lies on <paramref name="path"/> (at its end, or above it).</summary>
    private static bool Matches(string[] path, List<string?> names, List<int> indices)
    {
        if (names.Count > path.Length)
        {
            return false;
        }
        for (var i = 0; i < names.Count; i++)
        {
            var inArray = names[i] is null;
            // Case-insensitive, as the serializer reads the rest of the file: "Profiles" is the same member.
            if (inArray != (path[i] == AnyIndex) || (!inArray && !string.Equals(names[i], path[i], StringComparison.OrdinalIgnoreCase)))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>"profiles[0].budgets[2]"; the document itself is "".</summary>
    private static string PathOf(List<string?> names, List<int> indices)
    {
        var path = new System.Text.StringBuilder();
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i] is { } name)
            {
                path.Append(path.Length == 0 ? "" : ".").Append(name);
            }
            else
            {
                path.Append('[').Append(indices[i]).Append(']');
            }
        }
        return path.ToString();
    }

    /// <summary>Copies the value whose first token was just read, and reads past it.</summary>
    private ReadOnlyMemory<byte> Copy(string[] leftOut)
    {
        _element.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(_element))
        {
            WriteToken(writer);
            var depth = _token is JsonTokenType.StartObject or JsonTokenType.StartArray ? 1 : 0;
            while (depth > 0 && Next())
            {
                if (depth == 1 && _token == JsonTokenType.PropertyName && leftOut.Contains(_name, StringComparer.OrdinalIgnoreCase))
                {
                    WriteToken(writer);
                    Next();
                    if (_token is JsonTokenType.StartArray or JsonTokenType.StartObject)
                    {
                        // An array is walked on its own and left here empty; an object is left empty too, so the
                        // serializer names it as the wrong kind of value.
                        var array = _token == JsonTokenType.StartArray;
                        SkipValue();
                        if (array) { writer.WriteStartArray(); writer.WriteEndArray(); }
                        else { writer.WriteStartObject(); writer.WriteEndObject(); }
                    }
                    else
                    {
                        WriteToken(writer);
                    }
                    continue;
                }
                WriteToken(writer);
                depth += _token switch
                {
                    JsonTokenType.StartObject or JsonTokenType.StartArray => 1,
                    JsonTokenType.EndObject or JsonTokenType.EndArray => -1,
                    _ => 0,
                };
                if (writer.BytesCommitted + writer.BytesPending > MaxElementBytes)
                {
                    throw new JsonException($"An element of the file is longer than {MaxElementBytes >> 20} MiB.");
                }
            }
        }
        return _element.WrittenMemory;
    }

    private void WriteToken(Utf8JsonWriter writer)
    {
        switch (_token)
        {
            case JsonTokenType.StartObject: writer.WriteStartObject(); break;
            case JsonTokenType.EndObject: writer.WriteEndObject(); break;
            case JsonTokenType.StartArray: writer.WriteStartArray(); break;
            case JsonTokenType.EndArray: writer.WriteEndArray(); break;
            case JsonTokenType.PropertyName: writer.WritePropertyName(_name!); break;
            // Strings and numbers as the file has them: an amount keeps its digits, and text the serializer cannot
            // decode is named by it, under the field's path.
            case JsonTokenType.String or JsonTokenType.Number: writer.WriteRawValue(_buffer.AsSpan(_valueStart, _valueLength), skipInputValidation: true); break;
            case JsonTokenType.True: writer.WriteBooleanValue(true); break;
            case JsonTokenType.False: writer.WriteBooleanValue(false); break;
            case JsonTokenType.Null: writer.WriteNullValue(); break;
        }
    }

    /// <summary>Reads one token; false at the end of the document.</summary>
    private bool Next()
    {
        while (true)
        {
            var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _final, _state);
            if (reader.Read())
            {
                _token = reader.TokenType;
                _name = _token == JsonTokenType.PropertyName ? Name(ref reader) : null;
                if (_token is JsonTokenType.String or JsonTokenType.Number)
                {
                    // A string's token starts at its opening quote; its value lies between the quotes.
                    _valueStart = _start + (int)reader.TokenStartIndex;
                    _valueLength = reader.ValueSpan.Length + (_token == JsonTokenType.String ? 2 : 0);
                }
                _start += (int)reader.BytesConsumed;
                _state = reader.CurrentState;
                return true;
            }
            if (_final)
            {
                return false;
            }
            Fill();
        }
    }

    private static string Name(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException e)
        {
            throw new JsonException($"A field's name is not text: {e.Message}", e);
        }
    }

    /// <summary>Reads past the object or array whose first token was just read, keeping nothing of it.</summary>
    private void SkipValue()
    {
        var depth = 1;
        while (true)
        {
            var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _final, _state);
            while (depth > 0 && reader.Read())
            {
                depth += reader.TokenType switch
                {
                    JsonTokenType.StartObject or JsonTokenType.StartArray => 1,
                    JsonTokenType.EndObject or JsonTokenType.EndArray => -1,
                    _ => 0,
                };
            }
            _start += (int)reader.BytesConsumed;
            _state = reader.CurrentState;
            if (depth == 0)
            {
                return;
            }
            if (_final)
            {
                throw new JsonException("The file ends inside a value.");
            }
            Fill();
        }
    }

    /// <summary>Keeps the unread bytes and reads more after them; a token longer than the buffer doubles it, up to 1 MiB.</summary>
    private void Fill()
    {
        Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
        _end -= _start;
        _start = 0;
        if (_end == _buffer.Length)
        {
            if (_buffer.Length >= MaxElementBytes)
            {
                throw new JsonException($"A value of the file is longer than {MaxElementBytes >> 20} MiB.");
            }
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }
        var read = file.Read(_buffer, _end, _buffer.Length - _end);
        _end += read;
        _final = read == 0;
    }

    private void Rewind()
    {
        file.Position = 0;
        _start = _end = 0;
        _final = false;
        _state = new JsonReaderState(options);
    }
}
