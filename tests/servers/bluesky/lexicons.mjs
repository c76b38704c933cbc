// Prints the lexicons (the AT Protocol and Bluesky schemas) that @atproto/api ships, as one
// JSON array, for the tests that check requests and recordings against them.
import { schemas } from '@atproto/api'

process.stdout.write(JSON.stringify(schemas))
