/// What a parse builds of a value (`JSONParser.parse(bytes:projection:)`). Whatever it leaves
/// out is still checked exactly as a whole parse checks it, so a projection never accepts input
/// the whole parse would refuse; it only spares building (and freeing) nodes nobody reads.
public indirect enum JSONProjection: Sendable {
    /// The value, entire.
    case whole
    /// Nothing: the value is checked and left out of its object.
    case skip
    /// An object built member by member: a listed name by its own rule, any other by `others`.
    /// A value that is not an object is kept whole.
    case members([String: JSONProjection], others: JSONProjection)

    /// A server object without `metadata.managedFields`: most of its bytes and nodes, and read
    /// by nothing that prints a row, a sort key or an object (printed objects drop them too).
    public static let withoutManagedFields = JSONProjection.members(
        ["metadata": .members(["managedFields": .skip], others: .whole)], others: .whole)
}
