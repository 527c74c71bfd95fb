import { services } from "./api-context";
import { bootstrapIdentity } from "./auth/bootstrap";
import { env } from "./env";

export async function bootstrapOnStart(): Promise<void> {
  const { auth, db, log, baseURL } = services();
  try {
    await bootstrapIdentity(auth, db, env, `${baseURL}/sign-in`, log);
  } catch (err) {
    log.error({ err }, "could not set up the first admin / ADMIN_API_KEY");
    throw err;
  }
}
