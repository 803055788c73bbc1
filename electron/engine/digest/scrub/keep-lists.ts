/*
 * What stays readable. Public developer services are named in lessons all the time ("the npm
 * registry returned 404") and identify no one; everything else with a host name is replaced.
 */

/** Registrable domains kept with all their subdomains. */
export const PUBLIC_DOMAINS = new Set(
  `github.com githubusercontent.com githubassets.com gitlab.com bitbucket.org sourceforge.net codeberg.org
  npmjs.com npmjs.org yarnpkg.com pnpm.io jsdelivr.net unpkg.com cdnjs.com skypack.dev esm.sh jsr.io
  pypi.org pythonhosted.org python.org conda.io anaconda.org anaconda.com pydata.org scipy.org numpy.org jupyter.org
  nodejs.org deno.land deno.com bun.sh rust-lang.org crates.io docs.rs golang.org go.dev rubygems.org ruby-lang.org
  packagist.org php.net maven.org apache.org gradle.org java.com oracle.com openjdk.org kotlinlang.org swift.org
  microsoft.com visualstudio.com vscode.dev azure.com office.com apple.com icloud.com google.com googleapis.com
  gstatic.com googlesource.com chromium.org android.com youtube.com gmail.com
  stackoverflow.com stackexchange.com superuser.com serverfault.com askubuntu.com wikipedia.org wikimedia.org
  mozilla.org mozilla.net w3.org whatwg.org ietf.org rfc-editor.org json.org json-schema.org yaml.org schema.org
  iana.org unicode.org ecma-international.org tc39.es typescriptlang.org reactjs.org react.dev vuejs.org angular.io
  angular.dev svelte.dev nextjs.org nuxt.com remix.run astro.build vercel.com netlify.com heroku.com cloudflare.com
  fastly.com docker.com docker.io ghcr.io quay.io kubernetes.io k8s.io helm.sh terraform.io hashicorp.com
  ansible.com redhat.com fedoraproject.org ubuntu.com debian.org archlinux.org alpinelinux.org kernel.org gnu.org
  brew.sh anthropic.com claude.ai claude.com openai.com chatgpt.com huggingface.co hf.co kaggle.com pytorch.org
  tensorflow.org readthedocs.io readthedocs.org sphinx-doc.org mkdocs.org jestjs.io vitest.dev vitejs.dev vite.dev
  js.org babeljs.io eslint.org prettier.io tailwindcss.com getbootstrap.com mui.com expressjs.com nestjs.com
  fastify.dev fastify.io prisma.io sqlite.org postgresql.org mysql.com mariadb.org mongodb.com redis.io elastic.co
  rabbitmq.com nginx.org nginx.com letsencrypt.org sentry.io datadoghq.com grafana.com prometheus.io slack.com
  discord.com discord.gg zoom.us notion.so atlassian.com figma.com stripe.com twilio.com sendgrid.com paypal.com
  shopify.com supabase.com firebase.google.com amazon.com amazonaws.com aws.dev x.com twitter.com linkedin.com
  facebook.com instagram.com reddit.com medium.com dev.to ycombinator.com gitter.im socket.io shields.io codecov.io
  travis-ci.com travis-ci.org circleci.com semver.org spdx.org opensource.org creativecommons.org gravatar.com
  cursor.com cursor.sh codeium.com windsurf.com mistral.ai cohere.com groq.com perplexity.ai x.ai deepseek.com
  ollama.com ollama.ai langchain.com llamaindex.ai pinecone.io weaviate.io modal.com replicate.com together.ai
  wandb.ai openrouter.ai aider.chat cline.bot electronjs.org playwright.dev pptr.dev cypress.io selenium.dev
  storybook.js.org webpack.js.org rollupjs.org esbuild.github.io turbo.build nx.dev lerna.js.org swc.rs zod.dev
  trpc.io tanstack.com redux.js.org mobx.js.org lodash.com momentjs.com date-fns.org axios-http.com graphql.org
  apollographql.com djangoproject.com flask.palletsprojects.com palletsprojects.com fastapi.tiangolo.com
  tiangolo.com rubyonrails.org laravel.com symfony.com spring.io jetbrains.com eclipse.org neovim.io vim.org
  gnome.org kde.org freedesktop.org openssl.org openssh.com curl.se haxx.se git-scm.com mercurial-scm.org
  turborepo.com chrome.com chromestatus.com crbug.com webkit.org caniuse.com flutter.dev dart.dev pub.dev
  google.dev web.dev pkg.dev knative.dev firebase.google.com genkit.dev wixstatic.com sendgrid.net
  sqlalchemy.org celeryq.dev pydantic.dev pytest.org matplotlib.org scikit-learn.org python-requests.org
  python-httpx.org attrs.org mypy-lang.org pypa.io python-poetry.org astral.sh starlette.io uvicorn.org gunicorn.org
  aiohttp.org djangoproject.com pola.rs duckdb.org clickhouse.com cockroachlabs.com timescale.com neon.tech
  planetscale.com hasura.io tokio.rs serde.rs gin-gonic.com gorm.io labstack.com hibernate.org quarkus.io
  micronaut.io junit.org mockito.org nuget.org dotnet.microsoft.com digitalocean.com linode.com hetzner.com fly.io
  render.com reactrouter.com jotai.org lit.dev solidjs.com preactjs.com htmx.org alpinejs.dev emberjs.com jquery.com
  d3js.org threejs.org chartjs.org plotly.com sass-lang.com postcss.org stylelint.io biomejs.dev oxc.rs rspack.dev
  parceljs.org jenkins.io istio.io linkerd.io envoyproxy.io traefik.io caddyserver.com haproxy.org haproxy.com
  openresty.org eff.org gnupg.org man7.org die.net tldp.org freebsd.org openbsd.org opensearch.org confluent.io nats.io
  grpc.io protobuf.dev toml.io pulumi.com saltproject.io chef.io puppet.com vagrantup.com packer.io kustomize.io k3s.io
  podman.io containerd.io opencontainers.org opentelemetry.io jaegertracing.io newrelic.com honeycomb.io
  pagerduty.com postmarkapp.com mailgun.com clerk.com keycloak.org oauth.net openid.net jwt.io owasp.org mitre.org
  nist.gov snyk.io socket.dev deps.dev osv.dev bundlephobia.com regex101.com crontab.guru godbolt.org
  codesandbox.io stackblitz.com codepen.io devdocs.io cppreference.com isocpp.org llvm.org cmake.org bazel.build
  qt.io tauri.app capacitorjs.com ionicframework.com expo.dev reactnative.dev godotengine.org ffmpeg.org
  imagemagick.org pandoc.org mermaid.js.org graphviz.org obsidian.md keras.io spacy.io nltk.org vllm.ai mlflow.org
  dvc.org ray.io dask.org prefect.io dagster.io getdbt.com snowflake.com databricks.com delta.io trino.io
  metabase.com streamlit.io gradio.app tailscale.com wireguard.com rclone.org restic.net w3schools.com
  freecodecamp.org geeksforgeeks.org baeldung.com realpython.com javascript.info css-tricks.com martinfowler.com
  conventionalcommits.org keepachangelog.com 12factor.net swagger.io openapis.org postman.com httpie.io
  fontawesome.com
  example.com example.org example.net`.split(/\s+/).filter(Boolean),
);

/**
 * Domains that host their customers under subdomains (`acme.atlassian.net`, `my-app.vercel.app`):
 * the subdomain names a company, a project or a person, so only the bare domain and service
 * subdomains (api., www., docs. …) are kept.
 */
export const TENANT_DOMAINS = new Set(
  `github.io gitlab.io atlassian.net myshopify.com supabase.co firebaseio.com firebaseapp.com web.app mongodb.net
  cloudfront.net azurewebsites.net windows.net cloudapp.azure.com azure-api.net azurestaticapps.net herokuapp.com
  vercel.app netlify.app pages.dev workers.dev fly.dev onrender.com railway.app ngrok.io ngrok-free.app ngrok.app
  substack.com appspot.com run.app cloudfunctions.net elasticbeanstalk.com ondigitalocean.app glitch.me repl.co
  replit.dev replit.app loca.lt trycloudflare.com slack.com zendesk.com salesforce.com force.com sharepoint.com
  okta.com auth0.com amplifyapp.com blob.core.windows.net database.windows.net servicebus.windows.net
  vault.azure.net azurecr.io looker.com notion.site webflow.io wixsite.com wordpress.com blogspot.com
  readme.io gitbook.io`.split(/\s+/).filter(Boolean),
);

/** Subdomains of tenant domains that are the service itself, not a customer. */
export const SERVICE_LABELS = new Set(
  'www api app docs hooks console status help support developer developers auth login cdn static assets raw gist avatars objects codeload uploads blog files downloads'.split(
    ' ',
  ),
);

/** AWS endpoints are service.region.amazonaws.com: kept; anything with another label (a bucket, an API id, a database) is a tenant. */
export const AWS_LABEL = /^(?:[a-z]{2}(?:-gov)?-[a-z]+-\d|s3|s3-[a-z0-9-]+|sts|ec2|iam|lambda|dynamodb|sqs|sns|logs|monitoring|bedrock|bedrock-runtime|bedrock-agent-runtime|execute-api|ecr|api|dkr|secretsmanager|ssm|kms|cloudformation|elasticloadbalancing|rds|dualstack|fips|signin|console|aws|amazonaws|com|cn)$/;

/** One-label host names that are conventions, not machines of someone (Docker Compose services, defaults). */
export const GENERIC_SINGLE_HOSTS = new Set(
  'localhost db database postgres postgresql mysql mariadb mongo mongodb redis cache memcached rabbitmq kafka zookeeper elasticsearch opensearch kibana grafana prometheus nginx proxy traefik caddy minio localstack api web app backend frontend server worker host service services admin mail smtp ldap vault consul etcd jaeger otel-collector selenium chrome browser broker queue storage s3 sqs dynamodb gateway auth keycloak sentry clickhouse cassandra neo4j'.split(
    ' ',
  ),
);

/**
 * Top-level domains a bare `name.tld` is recognised by. File extensions that are also country
 * codes (.py .md .sh .rs .pl .cc .in .so .mk .am .ac .ml .tf .zip .mov) and TLDs that are common
 * property names (.id .to .is .at .be .as .info .name) are left out: those are only judged inside URLs.
 */
export const STRONG_TLDS = new Set('com net org edu gov mil int internal local lan corp intranet localdomain home arpa'.split(' '));
export const WEAK_TLDS = new Set([
  ...'io dev app co ai cloud tech site online store live tv it uk de fr nl eu ca au jp ch se fi dk es ru cn br nz ie us gg xyz me biz'.split(' '),
  // The other country codes, less those that are also file extensions (py md sh rs pl pt cc in so mk am ac
  // ml tf pm gd sc sv ps mm ms) or two-letter names common in code (id to is at be as it me do no by re
  // ne ge gt lt le cd ls rm mv cp np pd ...): those are only judged in URLs and after network words.
  ...'ad ae af ag al ao aq ar au aw az ba bb bd bf bh bi bj bl bm bn bo bq br bs bt bv bw bz ca ch ck cn co cu cw cx cy cz de dj dk dm dz ec ee eg eh es fi fj fk fm fo fr gb gf gg gh gi gn gq gr gu gw gy hk hm hn hr ht hu ie il io iq ir je jm jo jp ke kg kh ki km kn kp kr kw ky kz lk lr lv ly mf mg mh mo mq mr mw mx mz nf ng nl nz om pf pn pw qa ro ru rw sa sd se si sj sk sx sz tj tm tw tz ua ug uk um us uy uz vg vn vu wf ye yt za zm zw'.split(' '),
]);

/**
 * Top-level domains that are also file extensions or short words of code (`pool.rs:273`, `app.py:12`,
 * `user.id`): a name under them is judged only in URLs and after network words.
 */
export const CODE_TLDS = new Set(
  'id to is at be as it me do no by re ne ge gt lt le cd ls rm mv cp np pd py md sh rs pl pt cc in so mk am ac ml tf pm gd sc sv ps mm ms zip mov java'.split(' '),
);

/** Top-level names that never leave a network: hosts under them are always private. */
export const INTERNAL_TLDS = /\.(?:local|lan|internal|intranet|corp|localdomain|home\.arpa|private|intra)$/i;

/** Reserved for documentation and tests (RFC 2606 / 6761): never real. */
export const RESERVED = /(?:^|\.)(?:example|test|invalid|localhost)$|^(?:example\.(?:com|org|net))$/i;

/** First labels of dotted code expressions that look like host names (`self.app.dev`). */
export const CODE_RECEIVERS = new Set(
  'this self window document module exports process require console math json object array string number promise req res ctx event err error data config settings options opts props state node os sys path fs np pd torch plt cls obj item result response request client server db model user params args kwargs env app e t i x'.split(
    ' ',
  ),
);

/**
 * Capitalised words the person-name finder must never take for names: AI assistants, languages,
 * tools, libraries, companies and error words that the NLP lexicon lists as first names.
 */
export const NOT_NAMES = new Set(
  `claude gemini copilot codex cursor cline aider devin siri alexa cortana jules grok llama mistral sonnet opus haiku
  jest mocha chai jasmine karma ruby rails julia swift kotlin dart elixir erlang haskell pascal ada go rust python java
  django flask laravel symfony sinatra jenkins travis heroku netlify vercel docker kubernetes helm terraform ansible
  chef puppet vagrant redis mongo postgres maria cassandra elastic kafka spark hadoop hive flink airflow celery sentry
  grafana prometheus kibana jaeger vue angular svelte ember backbone next nuxt remix astro gatsby hugo jekyll webpack
  rollup parcel babel vite esbuild prettier eslint tailwind bootstrap material chakra storybook cypress playwright
  selenium puppeteer apollo relay prisma sequelize mongoose drizzle knex zod yup joi axios lodash moment luxon express
  koa hapi fastify nest deno bun node react redux mobx recoil jotai zustand electron tauri flutter ionic expo xcode
  android windows linux ubuntu debian fedora arch alpine mac apple google amazon microsoft meta facebook twitter
  github gitlab bitbucket jira confluence slack discord zoom notion linear figma stripe twilio shopify salesforce
  oracle error typeerror warning info debug todo note fixme hack assistant user system human tool bot agent
  anthropic openai chatgpt gpt bard watson lambda delta sierra echo nova luna code desktop studio`.split(/\s+/).filter(Boolean),
);

/** First names that are also ordinary words or places: a name only when a surname follows. */
export const WEAK_NAMES = new Set(
  `ivy logan tyler carter morgan hunter chase mason austin dallas sydney paris london berlin victoria florence
  savannah phoenix jordan penny grace hope faith joy max june april may august will bill mark frank rose lily
  dawn summer autumn iris jack amber olive violet scarlet jade hazel ginger coral pearl crystal holly heather daisy
  poppy sage basil cash brook dale glen rich sandy rusty angel star sky river storm`.split(/\s+/).filter(Boolean),
);
