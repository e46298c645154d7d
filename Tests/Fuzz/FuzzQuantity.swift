// Quantity(parsing:) on arbitrary text (16Gi, 500m, 1e3, …): a Quantity or a QuantityError,
// never a trap. For every quantity it accepts: the canonical text (`description`, what
// the API server prints) parses back to the same value and settles after one round, and
// the arithmetic the quota and request checks use reports overflow as an error.
import KubeClient
import MPIJobs

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzQuantity(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = String(decoding: fuzzInput(data, size), as: UTF8.self)
    let quantity: Quantity
    do {
        quantity = try Quantity(parsing: text)
    } catch {
        _ = error.description
        return 0
    }
    // The canonical text parses back to the same value. It need not print the same: as in
    // Go, a binary quantity that no binary suffix divides prints as a plain number
    // (62.5Ki → 64000), which then reads as decimal and prints as 64k; from there on the
    // text is fixed.
    var text1 = quantity.description
    var value = quantity
    for round in 1...3 {
        let back: Quantity
        do {
            back = try Quantity(parsing: text1)
        } catch {
            propertyFailed("\(text.debugDescription) prints as \(text1), which does not parse: \(error)")
        }
        if back.nanoValue != value.nanoValue {
            propertyFailed("\(text.debugDescription): \(text1) parses to \(back.nanoValue)n, not \(value.nanoValue)n")
        }
        let text2 = back.description
        if round >= 2 && text2 != text1 {
            propertyFailed("canonical form of \(text.debugDescription) is not stable: \(text1) → \(text2)")
        }
        (text1, value) = (text2, back)
    }
    if (try? Quantity(json: .string(text))) != quantity { propertyFailed("Quantity(json:) disagrees for \(text.debugDescription)") }
    _ = (quantity.value, quantity.milliValue, quantity.doubleValue, quantity.json)
    for factor in [0, 1, 2, 7, 1024, Int.max, Int.min] {
        if let product = try? quantity.multiplied(by: factor) { _ = product.description }
    }
    if let sum = try? quantity.adding(quantity), let back = try? sum.subtracting(quantity) {
        if back != quantity { propertyFailed("(q + q) - q != q for \(text.debugDescription)") }
        _ = sum.description
    }
    return 0
}
