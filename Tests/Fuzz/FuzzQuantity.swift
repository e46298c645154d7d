// Quantity(parsing:) on arbitrary text (16Gi, 500m, 1e3, …): a Quantity or a QuantityError,
// never a trap. For every quantity it accepts: the canonical text (`description`, what
// the API server prints) parses back to the same value and is its own canonical text, and
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
    let canonical = quantity.description
    do {
        let back = try Quantity(parsing: canonical)
        if back.nanoValue != quantity.nanoValue {
            propertyFailed("\(text.debugDescription) prints as \(canonical), which parses to \(back.nanoValue)n, not \(quantity.nanoValue)n")
        }
        if back.description != canonical {
            propertyFailed("canonical form is not stable: \(text.debugDescription) → \(canonical) → \(back.description)")
        }
    } catch {
        propertyFailed("\(text.debugDescription) prints as \(canonical), which does not parse: \(error)")
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
