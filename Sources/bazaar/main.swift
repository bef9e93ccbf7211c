import BazaarKit
print(Bazaar.version)
